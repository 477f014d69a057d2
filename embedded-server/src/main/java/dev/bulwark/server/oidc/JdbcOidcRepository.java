package dev.bulwark.server.oidc;

import dev.bulwark.model.oidc.LinkedIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link OidcRepository} over JDBC. */
final class JdbcOidcRepository implements OidcRepository {
    private static final String PROVIDER_COLUMNS = """
            id, slug, display_name, issuer, client_id, client_secret_sealed, scopes, allowed_domains, enabled,
            created_at, updated_at, trust_provider_mfa
            """;

    @Override
    public List<StoredProvider> listProviders(Connection c) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + PROVIDER_COLUMNS + " FROM oidc_provider ORDER BY display_name, slug")) {
            List<StoredProvider> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(provider(r));
                }
            }
            return result;
        }
    }

    @Override
    public Optional<StoredProvider> findProvider(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + PROVIDER_COLUMNS + " FROM oidc_provider WHERE id = ?")) {
            s.setObject(1, id);
            return singleProvider(s);
        }
    }

    @Override
    public Optional<StoredProvider> findProviderBySlug(Connection c, String slug) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + PROVIDER_COLUMNS + " FROM oidc_provider WHERE slug = ?")) {
            s.setString(1, slug);
            return singleProvider(s);
        }
    }

    @Override
    public void insertProvider(Connection c, StoredProvider p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO oidc_provider (id, slug, display_name, issuer, client_id, client_secret_sealed, scopes,
                                           allowed_domains, enabled, created_at, updated_at, trust_provider_mfa)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, p.id());
            bindProvider(s, p, 2);
            s.setTimestamp(10, Timestamp.from(p.createdAt()));
            s.setTimestamp(11, Timestamp.from(p.updatedAt()));
            s.setBoolean(12, p.trustProviderMfa());
            s.executeUpdate();
        }
    }

    @Override
    public void updateProvider(Connection c, StoredProvider p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE oidc_provider
                   SET slug = ?, display_name = ?, issuer = ?, client_id = ?, client_secret_sealed = ?, scopes = ?,
                       allowed_domains = ?, enabled = ?, updated_at = ?, trust_provider_mfa = ?
                 WHERE id = ?
                """)) {
            bindProvider(s, p, 1);
            s.setTimestamp(9, Timestamp.from(p.updatedAt()));
            s.setBoolean(10, p.trustProviderMfa());
            s.setObject(11, p.id());
            s.executeUpdate();
        }
    }

    private static void bindProvider(PreparedStatement s, StoredProvider p, int first) throws SQLException {
        s.setString(first, p.slug());
        s.setString(first + 1, p.displayName());
        s.setString(first + 2, p.issuer());
        s.setString(first + 3, p.clientId());
        s.setString(first + 4, p.sealedSecret());
        s.setString(first + 5, String.join(" ", p.scopes()));
        s.setString(first + 6, p.allowedDomains().isEmpty() ? null : String.join(",", p.allowedDomains()));
        s.setBoolean(first + 7, p.enabled());
    }

    @Override
    public boolean deleteProvider(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM oidc_provider WHERE id = ?")) {
            s.setObject(1, id);
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public void insertPending(Connection c, PendingSignIn p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO oidc_pending_sign_in (state_hash, provider_id, nonce, verifier_sealed, callback_uri,
                                                  client_redirect_uri, client_state, code_challenge, created_at,
                                                  expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setString(1, p.stateHash());
            s.setObject(2, p.providerId());
            s.setString(3, p.nonce());
            s.setString(4, p.sealedVerifier());
            s.setString(5, p.callbackUri());
            s.setString(6, p.clientRedirectUri());
            s.setString(7, p.clientState());
            s.setString(8, p.codeChallenge());
            s.setTimestamp(9, Timestamp.from(p.createdAt()));
            s.setTimestamp(10, Timestamp.from(p.expiresAt()));
            s.executeUpdate();
        }
    }

    @Override
    public Optional<PendingSignIn> takePending(Connection c, String stateHash, Instant now) throws SQLException {
        Optional<PendingSignIn> found;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT state_hash, provider_id, nonce, verifier_sealed, callback_uri, client_redirect_uri,
                       client_state, code_challenge, created_at, expires_at, used_at
                  FROM oidc_pending_sign_in
                 WHERE state_hash = ?
                """)) {
            s.setString(1, stateHash);
            try (ResultSet r = s.executeQuery()) {
                found = r.next()
                        ? Optional.of(new PendingSignIn(
                                r.getString(1),
                                r.getObject(2, UUID.class),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5),
                                r.getString(6),
                                r.getString(7),
                                r.getString(8),
                                instant(r, 9),
                                instant(r, 10),
                                instant(r, 11)))
                        : Optional.empty();
            }
        }
        if (found.isEmpty() || found.get().usedAt() != null) {
            return found;
        }
        PendingSignIn p = found.get();
        return markUsed(c, "oidc_pending_sign_in", "state_hash", stateHash, now)
                ? found
                : Optional.of(new PendingSignIn(
                        p.stateHash(),
                        p.providerId(),
                        p.nonce(),
                        p.sealedVerifier(),
                        p.callbackUri(),
                        p.clientRedirectUri(),
                        p.clientState(),
                        p.codeChallenge(),
                        p.createdAt(),
                        p.expiresAt(),
                        now));
    }

    @Override
    public void insertCode(Connection c, OneTimeCode code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO oidc_code (code_hash, user_id, provider_id, code_challenge, redirect_uri, created_at,
                                       expires_at, issuer, subject, provider_mfa)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setString(1, code.codeHash());
            s.setObject(2, code.userId());
            s.setObject(3, code.providerId());
            s.setString(4, code.codeChallenge());
            s.setString(5, code.redirectUri());
            s.setTimestamp(6, Timestamp.from(code.createdAt()));
            s.setTimestamp(7, Timestamp.from(code.expiresAt()));
            s.setString(8, code.issuer());
            s.setString(9, code.subject());
            s.setBoolean(10, code.providerMfa());
            s.executeUpdate();
        }
    }

    @Override
    public Optional<OneTimeCode> takeCode(Connection c, String codeHash, Instant now) throws SQLException {
        Optional<OneTimeCode> found;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT code_hash, user_id, provider_id, code_challenge, redirect_uri, created_at, expires_at, used_at,
                       issuer, subject, provider_mfa
                  FROM oidc_code
                 WHERE code_hash = ?
                """)) {
            s.setString(1, codeHash);
            try (ResultSet r = s.executeQuery()) {
                found = r.next()
                        ? Optional.of(new OneTimeCode(
                                r.getString(1),
                                r.getObject(2, UUID.class),
                                r.getObject(3, UUID.class),
                                r.getString(4),
                                r.getString(5),
                                instant(r, 6),
                                instant(r, 7),
                                instant(r, 8),
                                r.getString(9),
                                r.getString(10),
                                r.getBoolean(11)))
                        : Optional.empty();
            }
        }
        if (found.isEmpty() || found.get().usedAt() != null) {
            return found;
        }
        OneTimeCode code = found.get();
        return markUsed(c, "oidc_code", "code_hash", codeHash, now)
                ? found
                : Optional.of(new OneTimeCode(
                        code.codeHash(),
                        code.userId(),
                        code.providerId(),
                        code.codeChallenge(),
                        code.redirectUri(),
                        code.createdAt(),
                        code.expiresAt(),
                        now,
                        code.issuer(),
                        code.subject(),
                        code.providerMfa()));
    }

    /** Single use across nodes: only the one UPDATE that finds the row unused wins. */
    private static boolean markUsed(Connection c, String table, String keyColumn, String key, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE " + table + " SET used_at = ? WHERE " + keyColumn + " = ? AND used_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, key);
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public int deleteExpired(Connection c, Instant cutoff) throws SQLException {
        int removed = 0;
        for (String table : List.of("oidc_pending_sign_in", "oidc_code")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE expires_at < ?")) {
                s.setTimestamp(1, Timestamp.from(cutoff));
                removed += s.executeUpdate();
            }
        }
        return removed;
    }

    private static Optional<StoredProvider> singleProvider(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(provider(r)) : Optional.empty();
        }
    }

    private static StoredProvider provider(ResultSet r) throws SQLException {
        String domains = r.getString("allowed_domains");
        return new StoredProvider(
                r.getObject("id", UUID.class),
                r.getString("slug"),
                r.getString("display_name"),
                r.getString("issuer"),
                r.getString("client_id"),
                r.getString("client_secret_sealed"),
                Arrays.asList(r.getString("scopes").split(" ")),
                domains == null ? List.of() : Arrays.asList(domains.split(",")),
                r.getBoolean("enabled"),
                instant(r, "created_at"),
                instant(r, "updated_at"),
                r.getBoolean("trust_provider_mfa"));
    }

    private static final String IDENTITY_COLUMNS = """
            i.id, i.user_id, i.provider_id, p.slug, p.display_name, i.issuer, i.subject, i.linked_at, i.last_used_at
              FROM oidc_identity i JOIN oidc_provider p ON p.id = i.provider_id
            """;

    @Override
    public List<LinkedIdentity> identitiesOf(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + IDENTITY_COLUMNS + " WHERE i.user_id = ? ORDER BY i.linked_at, p.slug")) {
            s.setObject(1, userId);
            List<LinkedIdentity> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(identity(r));
                }
            }
            return result;
        }
    }

    @Override
    public Optional<LinkedIdentity> identityOf(Connection c, UUID userId, UUID providerId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + IDENTITY_COLUMNS + " WHERE i.user_id = ? AND i.provider_id = ?")) {
            s.setObject(1, userId);
            s.setObject(2, providerId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(identity(r)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Map.Entry<UUID, LinkedIdentity>> identityBySubject(Connection c, UUID providerId, String subject)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + IDENTITY_COLUMNS + " WHERE i.provider_id = ? AND i.subject = ?")) {
            s.setObject(1, providerId);
            s.setString(2, subject);
            try (ResultSet r = s.executeQuery()) {
                return r.next()
                        ? Optional.of(Map.entry(r.getObject("user_id", UUID.class), identity(r)))
                        : Optional.empty();
            }
        }
    }

    @Override
    public void insertIdentity(Connection c, UUID userId, LinkedIdentity identity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO oidc_identity (id, user_id, provider_id, issuer, subject, linked_at, last_used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, identity.id());
            s.setObject(2, userId);
            s.setObject(3, identity.providerId());
            s.setString(4, identity.issuer());
            s.setString(5, identity.subject());
            s.setTimestamp(6, Timestamp.from(identity.linkedAt()));
            s.setTimestamp(7, identity.lastUsedAt() == null ? null : Timestamp.from(identity.lastUsedAt()));
            s.executeUpdate();
        }
    }

    @Override
    public void touchIdentity(Connection c, UUID linkId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE oidc_identity SET last_used_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, linkId);
            s.executeUpdate();
        }
    }

    @Override
    public boolean deleteIdentity(Connection c, UUID userId, UUID linkId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM oidc_identity WHERE id = ? AND user_id = ?")) {
            s.setObject(1, linkId);
            s.setObject(2, userId);
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public int deleteIdentitiesOf(Connection c, UUID providerId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM oidc_identity WHERE provider_id = ?")) {
            s.setObject(1, providerId);
            return s.executeUpdate();
        }
    }

    private static LinkedIdentity identity(ResultSet r) throws SQLException {
        return new LinkedIdentity(
                r.getObject("id", UUID.class),
                r.getObject("provider_id", UUID.class),
                r.getString("slug"),
                r.getString("display_name"),
                r.getString("issuer"),
                r.getString("subject"),
                instant(r, "linked_at"),
                instant(r, "last_used_at"));
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
