package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Stores audit records, the chain head and checkpoints. Every method runs in the caller's transaction. */
final class AuditRepository {
    private static final String COLUMNS = """
            seq, id, occurred_at, actor_kind, actor_id, actor_email, auth_method, source_ip, client, action,
            target_type, target_id, target_name, outcome, reason, request_id, diff, prev_hash, hash""";

    /** The chain's head as locked by a writer. */
    record Head(long lastSeq, String lastHash, long lastCheckpointSeq, Timestamp lastCheckpointAt) {}

    /** Locks the head row until the transaction ends, so appends form one linear chain across writers and nodes. */
    Head lockHead(Connection c) throws SQLException {
        return head(c, " FOR UPDATE");
    }

    /** The head without locking it. */
    Head readHead(Connection c) throws SQLException {
        return head(c, "");
    }

    private static Head head(Connection c, String lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                        "SELECT last_seq, last_hash, last_checkpoint_seq, last_checkpoint_at FROM audit_head WHERE id = 1"
                                + lock);
                ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("The audit trail's head row is missing");
            }
            return new Head(r.getLong(1), r.getString(2), r.getLong(3), r.getTimestamp(4));
        }
    }

    void advanceHead(Connection c, long seq, String hash) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            s.setLong(1, seq);
            s.setString(2, hash);
            s.executeUpdate();
        }
    }

    void insert(Connection c, StoredAuditEvent e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_event (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, e.seq());
            s.setObject(2, e.id());
            s.setTimestamp(3, Timestamp.from(e.occurredAt()));
            s.setString(4, e.actorKind());
            s.setObject(5, e.actorId());
            s.setString(6, e.actorEmail());
            s.setString(7, e.authMethod());
            s.setString(8, e.sourceIp());
            s.setString(9, e.client());
            s.setString(10, e.action());
            s.setString(11, e.targetType());
            s.setString(12, e.targetId());
            s.setString(13, e.targetName());
            s.setString(14, e.outcome());
            s.setString(15, e.reason());
            s.setString(16, e.requestId());
            s.setString(17, e.diff());
            s.setString(18, e.prevHash());
            s.setString(19, e.hash());
            s.executeUpdate();
        }
    }

    void insertCheckpoint(Connection c, AuditCheckpoint checkpoint) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_checkpoint (seq, hash, created_at, key_id, signature) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, checkpoint.seq());
            s.setString(2, checkpoint.hash());
            s.setTimestamp(3, Timestamp.from(checkpoint.createdAt()));
            s.setString(4, checkpoint.keyId());
            s.setString(5, checkpoint.signature());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE audit_head SET last_checkpoint_seq = ?, last_checkpoint_at = ? WHERE id = 1")) {
            s.setLong(1, checkpoint.seq());
            s.setTimestamp(2, Timestamp.from(checkpoint.createdAt()));
            s.executeUpdate();
        }
    }

    /** Checkpoints, highest sequence number first. */
    List<AuditCheckpoint> checkpoints(Connection c) throws SQLException {
        List<AuditCheckpoint> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                        "SELECT seq, hash, created_at, key_id, signature FROM audit_checkpoint ORDER BY seq DESC");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                list.add(new AuditCheckpoint(
                        r.getLong(1), r.getString(2), r.getTimestamp(3).toInstant(), r.getString(4), r.getString(5)));
            }
        }
        return list;
    }

    /** Up to {@code limit} records after {@code afterSeq}, in chain order; for streaming verification. */
    List<StoredAuditEvent> chainPage(Connection c, long afterSeq, long upToSeq, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM audit_event WHERE seq > ? AND seq <= ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            s.setLong(1, afterSeq);
            s.setLong(2, upToSeq);
            s.setInt(3, limit);
            return list(s);
        }
    }

    Optional<StoredAuditEvent> find(Connection c, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_event WHERE seq = ?")) {
            s.setLong(1, seq);
            List<StoredAuditEvent> found = list(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    /**
     * Records matching {@code q}, newest first, at most {@code limit}. Each filter is an equality on an indexed
     * column followed by {@code seq}, so the database can walk an index backwards and stop at the limit.
     */
    List<StoredAuditEvent> search(Connection c, AuditQuery q, int limit) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.before() != null) {
            where.append(" AND seq < ?");
            params.add(q.before());
        }
        if (q.from() != null) {
            where.append(" AND occurred_at >= ?");
            params.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            where.append(" AND occurred_at < ?");
            params.add(Timestamp.from(q.to()));
        }
        if (q.actor() != null) {
            Optional<UUID> id = uuid(q.actor());
            if (id.isPresent()) {
                where.append(" AND actor_id = ?");
                params.add(id.get());
            } else {
                where.append(" AND LOWER(actor_email) = ?");
                params.add(q.actor().strip().toLowerCase(Locale.ROOT));
            }
        }
        if (q.action() != null) {
            where.append(" AND action = ?");
            params.add(q.action());
        }
        if (q.outcome() != null) {
            where.append(" AND outcome = ?");
            params.add(q.outcome().name());
        }
        if (q.targetType() != null) {
            where.append(" AND target_type = ?");
            params.add(q.targetType());
        }
        if (q.targetId() != null) {
            where.append(" AND target_id = ?");
            params.add(q.targetId());
        }
        if (q.ip() != null) {
            where.append(" AND source_ip = ?");
            params.add(q.ip());
        }
        if (q.q() != null && !q.q().isBlank()) {
            where.append(" AND (LOWER(actor_email) LIKE ? ESCAPE '\\' OR LOWER(target_name) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(reason) LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\')");
            String like = "%" + escapeLike(q.q().strip().toLowerCase(Locale.ROOT)) + "%";
            for (int i = 0; i < 4; i++) {
                params.add(like);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM audit_event" + where + " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
            int i = 1;
            for (Object p : params) {
                s.setObject(i++, p);
            }
            s.setInt(i, limit);
            return list(s);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<StoredAuditEvent> list(PreparedStatement s) throws SQLException {
        List<StoredAuditEvent> list = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                list.add(map(r));
            }
        }
        return list;
    }

    private static StoredAuditEvent map(ResultSet r) throws SQLException {
        return new StoredAuditEvent(
                r.getLong("seq"),
                r.getObject("id", UUID.class),
                r.getTimestamp("occurred_at").toInstant(),
                r.getString("actor_kind"),
                r.getObject("actor_id", UUID.class),
                r.getString("actor_email"),
                r.getString("auth_method"),
                r.getString("source_ip"),
                r.getString("client"),
                r.getString("action"),
                r.getString("target_type"),
                r.getString("target_id"),
                r.getString("target_name"),
                r.getString("outcome"),
                r.getString("reason"),
                r.getString("request_id"),
                r.getString("diff"),
                r.getString("prev_hash"),
                r.getString("hash"));
    }
}
