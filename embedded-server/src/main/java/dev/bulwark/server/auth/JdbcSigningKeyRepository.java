package dev.bulwark.server.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SigningKeyRepository} on the {@code signing_key} table. */
public final class JdbcSigningKeyRepository implements SigningKeyRepository {
    private static final String COLUMNS = "kid, encrypted_private_jwk, created_at, activates_at, retired_at";

    @Override
    public List<StoredSigningKey> all(Connection c) throws SQLException {
        List<StoredSigningKey> keys = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM signing_key");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                keys.add(row(r));
            }
        }
        return keys;
    }

    @Override
    public Optional<StoredSigningKey> lockNewest(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM signing_key WHERE retired_at IS NULL ORDER BY activates_at DESC FOR UPDATE");
                ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(row(r)) : Optional.empty();
        }
    }

    @Override
    public void insert(Connection c, StoredSigningKey key, String algorithm, String publicJwk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO signing_key (kid, algorithm, public_jwk, encrypted_private_jwk, created_at, activates_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)) {
            s.setString(1, key.kid());
            s.setString(2, algorithm);
            s.setString(3, publicJwk);
            s.setString(4, key.sealedPrivateJwk());
            s.setTimestamp(5, Timestamp.from(key.createdAt()));
            s.setTimestamp(6, Timestamp.from(key.activatesAt()));
            s.executeUpdate();
        }
    }

    @Override
    public void retireAll(Connection c, Instant at) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE signing_key SET retired_at = ? WHERE retired_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    private static StoredSigningKey row(ResultSet r) throws SQLException {
        Timestamp retired = r.getTimestamp("retired_at");
        return new StoredSigningKey(
                r.getString("kid"),
                r.getString("encrypted_private_jwk"),
                r.getTimestamp("created_at").toInstant(),
                r.getTimestamp("activates_at").toInstant(),
                retired == null ? null : retired.toInstant());
    }
}
