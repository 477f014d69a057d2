package dev.bulwark.server.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link KeySetRepository} on the {@code key_set} table. */
public final class JdbcKeySetRepository implements KeySetRepository {
    @Override
    public Optional<StoredKeySet> find(Connection c, String name) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT name, encrypted_keyset, revision, updated_at FROM key_set WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    @Override
    public List<StoredKeySet> all(Connection c) throws SQLException {
        List<StoredKeySet> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                        "SELECT name, encrypted_keyset, revision, updated_at FROM key_set ORDER BY name");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(row(r));
            }
        }
        return rows;
    }

    @Override
    public OptionalLong revision(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT revision FROM key_set WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    @Override
    public void insert(Connection c, String name, String wrapped, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO key_set (name, encrypted_keyset, revision, created_at, updated_at)
                VALUES (?, ?, 0, ?, ?)
                """)) {
            s.setString(1, name);
            s.setString(2, wrapped);
            s.setTimestamp(3, Timestamp.from(now));
            s.setTimestamp(4, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    @Override
    public boolean update(Connection c, String name, String wrapped, long expectedRevision, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE key_set SET encrypted_keyset = ?, revision = revision + 1, updated_at = ?
                WHERE name = ? AND revision = ?
                """)) {
            s.setString(1, wrapped);
            s.setTimestamp(2, Timestamp.from(now));
            s.setString(3, name);
            s.setLong(4, expectedRevision);
            return s.executeUpdate() == 1;
        }
    }

    private static StoredKeySet row(ResultSet r) throws SQLException {
        return new StoredKeySet(
                r.getString("name"),
                r.getString("encrypted_keyset"),
                r.getLong("revision"),
                r.getTimestamp("updated_at").toInstant());
    }
}
