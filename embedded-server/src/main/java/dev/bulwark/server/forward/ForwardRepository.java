package dev.bulwark.server.forward;

import dev.bulwark.model.forward.ForwardKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Forwarding destinations and their cursors (tables {@code forward_destination}, {@code forward_cursor}). */
final class ForwardRepository {
    private static final String COLUMNS = """
            id, name, kind, address, plain_tcp, trusted_pem, secret_sealed, enabled, created_at, updated_at
            """;
    private static final String CURSOR_COLUMNS = """
            destination_id, last_seq, delivered_at, attempted_at, failures, last_error, last_error_at
            """;

    List<StoredDestination> list(Connection c) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + COLUMNS + " FROM forward_destination ORDER BY name")) {
            return destinations(s);
        }
    }

    Optional<StoredDestination> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM forward_destination WHERE id = ?")) {
            s.setObject(1, id);
            List<StoredDestination> found = destinations(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    Optional<StoredDestination> findByName(Connection c, String name) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + COLUMNS + " FROM forward_destination WHERE name = ?")) {
            s.setString(1, name);
            List<StoredDestination> found = destinations(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    /** Inserts {@code d} with its cursor at {@code startSeq}: delivery begins with the record after it. */
    void insert(Connection c, StoredDestination d, long startSeq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO forward_destination (id, name, kind, address, plain_tcp, trusted_pem, secret_sealed,
                                                 enabled, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, d.id());
            bind(s, d, 2);
            s.setTimestamp(9, Timestamp.from(d.createdAt()));
            s.setTimestamp(10, Timestamp.from(d.updatedAt()));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO forward_cursor (destination_id, last_seq, failures) VALUES (?, ?, 0)")) {
            s.setObject(1, d.id());
            s.setLong(2, startSeq);
            s.executeUpdate();
        }
    }

    void update(Connection c, StoredDestination d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE forward_destination
                   SET name = ?, kind = ?, address = ?, plain_tcp = ?, trusted_pem = ?, secret_sealed = ?, enabled = ?,
                       updated_at = ?
                 WHERE id = ?
                """)) {
            bind(s, d, 1);
            s.setTimestamp(8, Timestamp.from(d.updatedAt()));
            s.setObject(9, d.id());
            s.executeUpdate();
        }
    }

    void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM forward_destination WHERE id = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }

    Optional<StoredCursor> cursor(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + CURSOR_COLUMNS + " FROM forward_cursor WHERE destination_id = ?")) {
            s.setObject(1, id);
            List<StoredCursor> found = cursors(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    List<StoredCursor> cursors(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + CURSOR_COLUMNS + " FROM forward_cursor")) {
            return cursors(s);
        }
    }

    /** Everything up to {@code seq} was delivered; the cursor never moves back. */
    void delivered(Connection c, UUID id, long seq, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE forward_cursor
                   SET last_seq = CASE WHEN last_seq < ? THEN ? ELSE last_seq END, delivered_at = ?, attempted_at = ?,
                       failures = 0
                 WHERE destination_id = ?
                """)) {
            s.setLong(1, seq);
            s.setLong(2, seq);
            s.setTimestamp(3, Timestamp.from(at));
            s.setTimestamp(4, Timestamp.from(at));
            s.setObject(5, id);
            s.executeUpdate();
        }
    }

    void failed(Connection c, UUID id, String error, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE forward_cursor
                   SET attempted_at = ?, failures = failures + 1, last_error = ?, last_error_at = ?
                 WHERE destination_id = ?
                """)) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, error.length() > 500 ? error.substring(0, 497) + "..." : error);
            s.setTimestamp(3, Timestamp.from(at));
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    /** The sequence number of the trail's newest record. */
    long headSeq(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT last_seq FROM audit_head WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** When record {@code seq} was written, if it exists. */
    Optional<Instant> occurredAt(Connection c, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT occurred_at FROM audit_event WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement s, StoredDestination d, int first) throws SQLException {
        s.setString(first, d.name());
        s.setString(first + 1, d.kind().name());
        s.setString(first + 2, d.address());
        s.setBoolean(first + 3, d.plainTcp());
        s.setString(first + 4, d.trustedPem());
        s.setString(first + 5, d.sealedSecret());
        s.setBoolean(first + 6, d.enabled());
    }

    private static List<StoredDestination> destinations(PreparedStatement s) throws SQLException {
        List<StoredDestination> list = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                list.add(new StoredDestination(
                        r.getObject(1, UUID.class),
                        r.getString(2),
                        ForwardKind.valueOf(r.getString(3)),
                        r.getString(4),
                        r.getBoolean(5),
                        r.getString(6),
                        r.getString(7),
                        r.getBoolean(8),
                        r.getTimestamp(9).toInstant(),
                        r.getTimestamp(10).toInstant()));
            }
        }
        return list;
    }

    private static List<StoredCursor> cursors(PreparedStatement s) throws SQLException {
        List<StoredCursor> list = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                list.add(new StoredCursor(
                        r.getObject(1, UUID.class),
                        r.getLong(2),
                        instant(r.getTimestamp(3)),
                        instant(r.getTimestamp(4)),
                        r.getInt(5),
                        r.getString(6),
                        instant(r.getTimestamp(7))));
            }
        }
        return list;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
