package dev.bulwark.server.posture;

import dev.bulwark.model.audit.AuditAction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few facts of the database the posture checks read. Every method runs in the caller's transaction. */
final class PostureRepository {

    /** An enabled administrator. */
    record Admin(String email, Instant createdAt, Instant lastLoginAt, boolean authenticatorEnrolled) {}

    /** The second-factor setting saved through the console, when an administrator saved one. */
    record SavedSignInSetting(boolean mfaEnabled, boolean mailConfigured) {}

    /** An API token that is neither revoked nor expired. */
    record ActiveToken(String name, String ownerEmail, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {}

    /** The newest run of the audit verification. */
    record Verification(Instant at, boolean intact) {}

    Optional<SavedSignInSetting> savedSignInSetting(Connection c) throws SQLException {
        try (PreparedStatement s =
                        c.prepareStatement("SELECT mfa_enabled, mail_host FROM sign_in_setting WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            return r.next()
                    ? Optional.of(new SavedSignInSetting(
                            r.getBoolean(1), !r.getString(2).isBlank()))
                    : Optional.empty();
        }
    }

    Optional<Instant> setupCompletedAt(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT setup_completed_at FROM installation WHERE id = 1")) {
            return instant(s);
        }
    }

    List<Admin> enabledAdmins(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT u.email, u.created_at, u.last_login_at, t.confirmed_at IS NOT NULL
                FROM app_user u LEFT JOIN mfa_totp t ON t.user_id = u.id
                WHERE u.role = 'ADMIN' AND u.enabled = TRUE
                ORDER BY u.email_normalized
                """)) {
            List<Admin> admins = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    admins.add(new Admin(
                            r.getString(1),
                            toInstant(r.getTimestamp(2)),
                            toInstant(r.getTimestamp(3)),
                            r.getBoolean(4)));
                }
            }
            return admins;
        }
    }

    /** When the newest signing key that is not retired was made. */
    Optional<Instant> currentSigningKeyCreatedAt(Connection c) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT MAX(created_at) FROM signing_key WHERE retired_at IS NULL")) {
            return instant(s);
        }
    }

    List<ActiveToken> activeTokens(Connection c, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT t.name, u.email, t.created_at, t.expires_at, t.last_used_at
                FROM api_token t JOIN app_user u ON u.id = t.user_id
                WHERE t.revoked_at IS NULL AND t.expires_at > ?
                ORDER BY t.created_at
                """)) {
            s.setTimestamp(1, Timestamp.from(now));
            List<ActiveToken> tokens = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tokens.add(new ActiveToken(
                            r.getString(1),
                            r.getString(2),
                            toInstant(r.getTimestamp(3)),
                            toInstant(r.getTimestamp(4)),
                            toInstant(r.getTimestamp(5))));
                }
            }
            return tokens;
        }
    }

    /** The newest audit verification, intact or not (the action index makes each lookup one index step). */
    Optional<Verification> lastVerification(Connection c) throws SQLException {
        Optional<Verification> intact = lastOf(c, "SUCCESS");
        Optional<Verification> broken = lastOf(c, "FAILURE");
        if (intact.isEmpty() || broken.isEmpty()) {
            return intact.isPresent() ? intact : broken;
        }
        return intact.get().at().isAfter(broken.get().at()) ? intact : broken;
    }

    private Optional<Verification> lastOf(Connection c, String outcome) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT occurred_at FROM audit_event
                WHERE action = ? AND outcome = ?
                ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY
                """)) {
            s.setString(1, AuditAction.AUDIT_VERIFY.code());
            s.setString(2, outcome);
            return instant(s).map(at -> new Verification(at, outcome.equals("SUCCESS")));
        }
    }

    /** When the newest audit record was written. */
    Optional<Instant> newestAuditRecordAt(Connection c) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT occurred_at FROM audit_event ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
            return instant(s);
        }
    }

    private static Optional<Instant> instant(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.ofNullable(toInstant(r.getTimestamp(1))) : Optional.empty();
        }
    }

    private static Instant toInstant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The slugs of every configured sign-in provider, enabled or not, by slug. */
    List<String> providerSlugs(Connection c) throws SQLException {
        List<String> slugs = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT slug FROM oidc_provider ORDER BY slug");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                slugs.add(r.getString(1));
            }
        }
        return slugs;
    }
}
