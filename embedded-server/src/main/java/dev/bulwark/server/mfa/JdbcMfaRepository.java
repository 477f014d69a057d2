package dev.bulwark.server.mfa;

import dev.bulwark.model.mfa.KnownIp;
import dev.bulwark.server.auth.FirstFactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Challenges, authenticator secrets, recovery codes, known IPs and the saved sign-in settings, over JDBC. */
final class JdbcMfaRepository {

    /** A pending sign-in as stored. */
    record StoredChallenge(
            String idHash,
            UUID userId,
            String ip,
            Instant expiresAt,
            String emailCodeHash,
            Instant emailSentAt,
            int tries,
            Instant completedAt,
            FirstFactor first) {}

    /** An authenticator secret as stored (sealed). */
    record StoredTotp(String secretSealed, Instant confirmedAt, Long lastUsedStep) {}

    /** Saved sign-in settings; the password stays sealed. */
    record StoredSettings(
            boolean mfaEnabled,
            String host,
            int port,
            String security,
            String username,
            String passwordSealed,
            String from) {}

    // --- known IPs

    Optional<KnownIp> knownIp(Connection c, UUID userId, String ip) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT ip, first_seen_at, last_seen_at FROM known_ip WHERE user_id = ? AND ip = ?")) {
            s.setObject(1, userId);
            s.setString(2, ip);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(knownIp(r)) : Optional.empty();
            }
        }
    }

    List<KnownIp> knownIps(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT ip, first_seen_at, last_seen_at FROM known_ip WHERE user_id = ? ORDER BY last_seen_at DESC")) {
            s.setObject(1, userId);
            try (ResultSet r = s.executeQuery()) {
                List<KnownIp> ips = new ArrayList<>();
                while (r.next()) {
                    ips.add(knownIp(r));
                }
                return ips;
            }
        }
    }

    /** Records a sign-in from {@code ip}; true when the address was new. */
    boolean rememberIp(Connection c, UUID userId, String ip, Instant now) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE known_ip SET last_seen_at = ? WHERE user_id = ? AND ip = ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, userId);
            s.setString(3, ip);
            if (s.executeUpdate() == 1) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO known_ip (user_id, ip, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)")) {
            s.setObject(1, userId);
            s.setString(2, ip);
            s.setTimestamp(3, Timestamp.from(now));
            s.setTimestamp(4, Timestamp.from(now));
            s.executeUpdate();
            return true;
        }
    }

    boolean forgetIp(Connection c, UUID userId, String ip) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM known_ip WHERE user_id = ? AND ip = ?")) {
            s.setObject(1, userId);
            s.setString(2, ip);
            return s.executeUpdate() == 1;
        }
    }

    int forgetAllIps(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM known_ip WHERE user_id = ?")) {
            s.setObject(1, userId);
            return s.executeUpdate();
        }
    }

    /** The first factor a challenge keeps: "password" (rows from before it was kept) or "method audit-method". */
    private static FirstFactor firstFactor(ResultSet r) throws SQLException {
        String stored = r.getString("first_factor");
        int space = stored == null ? -1 : stored.indexOf(' ');
        if (space < 0) {
            return FirstFactor.PASSWORD;
        }
        UUID providerId = r.getObject("link_provider_id", UUID.class);
        Optional<FirstFactor.ProviderAccount> account = providerId == null
                ? Optional.empty()
                : Optional.of(new FirstFactor.ProviderAccount(
                        providerId, r.getString("link_issuer"), r.getString("link_subject")));
        return new FirstFactor(stored.substring(0, space), stored.substring(space + 1), account);
    }

    private static KnownIp knownIp(ResultSet r) throws SQLException {
        return new KnownIp(r.getString("ip"), instant(r, "first_seen_at"), instant(r, "last_seen_at"));
    }

    // --- challenges

    void insertChallenge(
            Connection c, String idHash, UUID userId, FirstFactor first, String ip, Instant now, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mfa_challenge (id_hash, user_id, ip, created_at,"
                + " expires_at, tries, first_factor, link_provider_id, link_issuer, link_subject)"
                + " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)")) {
            s.setString(1, idHash);
            s.setObject(2, userId);
            s.setString(3, ip);
            s.setTimestamp(4, Timestamp.from(now));
            s.setTimestamp(5, Timestamp.from(expiresAt));
            s.setString(6, first.sessionMethod() + " " + first.auditMethod());
            s.setObject(
                    7,
                    first.account().map(FirstFactor.ProviderAccount::providerId).orElse(null));
            s.setString(
                    8, first.account().map(FirstFactor.ProviderAccount::issuer).orElse(null));
            s.setString(
                    9, first.account().map(FirstFactor.ProviderAccount::subject).orElse(null));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM mfa_challenge WHERE expires_at < ?")) {
            s.setTimestamp(1, Timestamp.from(now.minusSeconds(86_400)));
            s.executeUpdate();
        }
    }

    /** The challenge, locked for update so two attempts cannot both spend the last try. */
    Optional<StoredChallenge> lockChallenge(Connection c, String idHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id_hash, user_id, ip, expires_at, email_code_hash,"
                + " email_sent_at, tries, completed_at, first_factor, link_provider_id, link_issuer, link_subject"
                + " FROM mfa_challenge WHERE id_hash = ? FOR UPDATE")) {
            s.setString(1, idHash);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredChallenge(
                        r.getString("id_hash"),
                        r.getObject("user_id", UUID.class),
                        r.getString("ip"),
                        instant(r, "expires_at"),
                        r.getString("email_code_hash"),
                        instant(r, "email_sent_at"),
                        r.getInt("tries"),
                        instant(r, "completed_at"),
                        firstFactor(r)));
            }
        }
    }

    void setEmailCode(Connection c, String idHash, String codeHash, Instant sentAt, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE mfa_challenge SET email_code_hash = ?, email_sent_at = ?, expires_at = ? WHERE id_hash = ?")) {
            s.setString(1, codeHash);
            s.setTimestamp(2, Timestamp.from(sentAt));
            s.setTimestamp(3, Timestamp.from(expiresAt));
            s.setString(4, idHash);
            s.executeUpdate();
        }
    }

    void countTry(Connection c, String idHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mfa_challenge SET tries = tries + 1 WHERE id_hash = ?")) {
            s.setString(1, idHash);
            s.executeUpdate();
        }
    }

    void complete(Connection c, String idHash, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE mfa_challenge SET completed_at = ?, email_code_hash = NULL WHERE id_hash = ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, idHash);
            s.executeUpdate();
        }
    }

    // --- authenticator

    Optional<StoredTotp> totp(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT secret_sealed, confirmed_at, last_used_step FROM mfa_totp WHERE user_id = ?")) {
            s.setObject(1, userId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                long step = r.getLong("last_used_step");
                return Optional.of(new StoredTotp(
                        r.getString("secret_sealed"), instant(r, "confirmed_at"), r.wasNull() ? null : step));
            }
        }
    }

    void putPendingTotp(Connection c, UUID userId, String secretSealed, Instant now) throws SQLException {
        deleteTotp(c, userId);
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO mfa_totp (user_id, secret_sealed, created_at) VALUES (?, ?, ?)")) {
            s.setObject(1, userId);
            s.setString(2, secretSealed);
            s.setTimestamp(3, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    void confirmTotp(Connection c, UUID userId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mfa_totp SET confirmed_at = ? WHERE user_id = ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, userId);
            s.executeUpdate();
        }
    }

    /** Marks {@code step} used; false when it (or a later one) was used already. */
    boolean useTotpStep(Connection c, UUID userId, long step) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mfa_totp SET last_used_step = ? WHERE user_id = ?"
                + " AND (last_used_step IS NULL OR last_used_step < ?)")) {
            s.setLong(1, step);
            s.setObject(2, userId);
            s.setLong(3, step);
            return s.executeUpdate() == 1;
        }
    }

    boolean deleteTotp(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM mfa_totp WHERE user_id = ?")) {
            s.setObject(1, userId);
            return s.executeUpdate() == 1;
        }
    }

    // --- recovery codes

    /** Replaces the user's recovery codes by {@code hashes}, all made under {@code salt}. */
    void replaceRecoveryCodes(Connection c, UUID userId, String salt, List<String> hashes) throws SQLException {
        deleteRecoveryCodes(c, userId);
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO mfa_recovery_code (user_id, code_hash, salt) VALUES (?, ?, ?)")) {
            for (String hash : hashes) {
                s.setObject(1, userId);
                s.setString(2, hash);
                s.setString(3, salt);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The salts of the user's unused recovery codes; a code of the old format (unsalted) adds none. */
    List<String> recoverySalts(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT salt FROM mfa_recovery_code"
                + " WHERE user_id = ? AND used_at IS NULL AND salt IS NOT NULL")) {
            s.setObject(1, userId);
            List<String> salts = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    salts.add(r.getString(1));
                }
            }
            return salts;
        }
    }

    void deleteRecoveryCodes(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM mfa_recovery_code WHERE user_id = ?")) {
            s.setObject(1, userId);
            s.executeUpdate();
        }
    }

    /**
     * Spends a recovery code; false when it is unknown or used. {@code legacyHash} matches only a code of the old
     * format (stored without salt), {@code saltedHashes} only codes stored under their salt.
     */
    boolean useRecoveryCode(Connection c, UUID userId, String legacyHash, List<String> saltedHashes, Instant now)
            throws SQLException {
        if (spend(c, userId, legacyHash, true, now)) {
            return true;
        }
        for (String hash : saltedHashes) {
            if (spend(c, userId, hash, false, now)) {
                return true;
            }
        }
        return false;
    }

    private boolean spend(Connection c, UUID userId, String hash, boolean legacy, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mfa_recovery_code SET used_at = ? WHERE user_id = ?"
                + " AND code_hash = ? AND used_at IS NULL AND salt IS " + (legacy ? "NULL" : "NOT NULL"))) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, userId);
            s.setString(3, hash);
            return s.executeUpdate() == 1;
        }
    }

    int recoveryCodesLeft(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT COUNT(*) FROM mfa_recovery_code WHERE user_id = ? AND used_at IS NULL")) {
            s.setObject(1, userId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    // --- settings

    Optional<StoredSettings> settings(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT mfa_enabled, mail_host, mail_port, mail_security,"
                + " mail_username, mail_password_sealed, mail_from FROM sign_in_setting WHERE id = 1")) {
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredSettings(
                        r.getBoolean("mfa_enabled"),
                        r.getString("mail_host"),
                        r.getInt("mail_port"),
                        r.getString("mail_security"),
                        r.getString("mail_username"),
                        r.getString("mail_password_sealed"),
                        r.getString("mail_from")));
            }
        }
    }

    void saveSettings(Connection c, StoredSettings settings, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM sign_in_setting WHERE id = 1")) {
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sign_in_setting (id, mfa_enabled, mail_host,"
                + " mail_port, mail_security, mail_username, mail_password_sealed, mail_from, updated_at)"
                + " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setBoolean(1, settings.mfaEnabled());
            s.setString(2, settings.host());
            s.setInt(3, settings.port());
            s.setString(4, settings.security());
            s.setString(5, settings.username());
            if (settings.passwordSealed() == null) {
                s.setNull(6, Types.VARCHAR);
            } else {
                s.setString(6, settings.passwordSealed());
            }
            s.setString(7, settings.from());
            s.setTimestamp(8, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
