package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stores audit records, the chain head and checkpoints. Every method runs in the caller's transaction. */
final class AuditRepository {
    private static final long SEARCH_WINDOW = 2_048;
    static final int CLOCK_STEP_MARGIN_HOURS = 1;
    private static final String COLUMNS = """
            seq, id, occurred_at, actor_kind, actor_id, actor_email, auth_method, source_ip, client, action,
            target_type, target_id, target_name, outcome, reason, request_id, diff, prev_hash, hash""";

    /** The chain's head as locked by a writer. */
    record Head(long lastSeq, String lastHash, long lastCheckpointSeq, Timestamp lastCheckpointAt) {}

    /** Locks the head row until the transaction ends, so appends form one linear chain across writers and nodes. */
    Head lockHead(Connection c) throws SQLException {
        // An UPDATE waits for a concurrent appender and then works on the latest committed row, so the head read
        // after it is current. H2's SELECT … FOR UPDATE could answer, after waiting, the row as it was before the
        // other appender committed, and two appenders then took the same sequence number.
        try (PreparedStatement s = c.prepareStatement("UPDATE audit_head SET last_seq = last_seq WHERE id = 1")) {
            if (s.executeUpdate() != 1) {
                throw new SQLException("The audit trail's head row is missing");
            }
        }
        return head(c, "");
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

    void insert(Connection c, List<StoredAuditEvent> events) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_event (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredAuditEvent e : events) {
                bindInsert(s, e);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void bindInsert(PreparedStatement s, StoredAuditEvent e) throws SQLException {
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

    /** One hour's count of one action, from the hourly counts the trail keeps as it appends. */
    record HourCount(Instant hour, String action, long total) {}

    /** The hourly counts from {@code from} on, every action and outcome added up per (hour, action). */
    List<HourCount> hourCountsSince(Connection c, Instant from) throws SQLException {
        List<HourCount> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT bucket_start, action, SUM(total) FROM audit_hour_count"
                + " WHERE bucket_start >= ? GROUP BY bucket_start, action")) {
            s.setTimestamp(1, Timestamp.from(from));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(new HourCount(r.getTimestamp(1).toInstant(), r.getString(2), r.getLong(3)));
                }
            }
        }
        return list;
    }

    /** Checkpoints after {@code afterSeq}, in chain order; for the witness file. */
    List<AuditCheckpoint> checkpointsAfter(Connection c, long afterSeq) throws SQLException {
        List<AuditCheckpoint> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash, created_at, key_id, signature FROM"
                + " audit_checkpoint WHERE seq > ? ORDER BY seq")) {
            s.setLong(1, afterSeq);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(new AuditCheckpoint(
                            r.getLong(1),
                            r.getString(2),
                            r.getTimestamp(3).toInstant(),
                            r.getString(4),
                            r.getString(5)));
                }
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

    /**
     * The newest record at or before {@code atOrBefore} that states a checkpoint rule ({@link CheckpointPolicy}),
     * and with {@code keyId} only the introductions of that key. Such records are few.
     */
    Optional<StoredAuditEvent> newestPolicy(Connection c, String keyId, long atOrBefore) throws SQLException {
        String sql = keyId == null
                ? "SELECT " + COLUMNS + " FROM audit_event WHERE action IN (?, ?) AND seq <= ?"
                        + " ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY"
                : "SELECT " + COLUMNS + " FROM audit_event WHERE action = ? AND target_id = ? AND seq <= ?"
                        + " ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, CheckpointPolicy.KEY_CREATE);
            s.setString(2, keyId == null ? CheckpointPolicy.INTERVAL_CHANGE : keyId);
            s.setLong(3, atOrBefore);
            List<StoredAuditEvent> found = list(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
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
     * Records matching {@code q}, newest first, at most {@code limit}.
     *
     * <p>H2 reads every match of a filter before it applies {@code ORDER BY ... LIMIT}, which for a common filter
     * (an actor owning a fifth of the trail) means hundreds of thousands of rows. So the search walks the trail
     * backwards in windows of sequence numbers, each twice as wide as the one before, and stops as soon as the
     * limit is reached: every window is a bounded range scan of a {@code (filter, seq)} index. A time window
     * first narrows the sequence numbers to search through the time index (decision 0015).
     */
    List<StoredAuditEvent> search(Connection c, AuditQuery q, int limit) throws SQLException {
        Where where = where(q);
        SeqRange range = seqRange(c, q);
        long high = q.before() == null ? range.last() : Math.min(range.last(), q.before() - 1);
        List<StoredAuditEvent> found = new ArrayList<>();
        long width = Math.max(4L * limit, SEARCH_WINDOW);
        String sql = "SELECT " + COLUMNS + " FROM audit_event" + where.sql()
                + " AND seq >= ? AND seq <= ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY";
        while (high >= range.first() && found.size() < limit) {
            long low = Math.max(range.first(), high - width + 1);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = where.bind(s, 1);
                s.setLong(i++, low);
                s.setLong(i++, high);
                s.setInt(i, limit - found.size());
                found.addAll(list(s));
            }
            high = low - 1;
            width *= 2;
        }
        return found;
    }

    /**
     * The sequence numbers that can hold records of {@code q}'s time window: record times follow sequence
     * numbers (both are taken under the head lock), and a margin of {@value #CLOCK_STEP_MARGIN_HOURS} hour
     * on both ends tolerates a server clock stepped back by less than that.
     */
    SeqRange seqRange(Connection c, AuditQuery q) throws SQLException {
        long last = readHead(c).lastSeq();
        long first = 1;
        if (q.from() != null) {
            first = firstSeqAtOrAfter(c, q.from().minus(CLOCK_STEP_MARGIN_HOURS, ChronoUnit.HOURS))
                    .orElse(last + 1);
        }
        if (q.to() != null) {
            last = firstSeqAtOrAfter(c, q.to().plus(CLOCK_STEP_MARGIN_HOURS, ChronoUnit.HOURS))
                    .map(seq -> seq - 1)
                    .orElse(last);
        }
        return new SeqRange(first, last);
    }

    private static Optional<Long> firstSeqAtOrAfter(Connection c, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM audit_event WHERE occurred_at >= ?"
                + " ORDER BY occurred_at, seq FETCH FIRST 1 ROWS ONLY")) {
            s.setTimestamp(1, Timestamp.from(at));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The lowest and highest sequence number matching {@code q} within {@code range}, if any match. */
    Optional<SeqRange> matchingRange(Connection c, AuditQuery q, SeqRange range) throws SQLException {
        Where where = where(q);
        try (PreparedStatement s = c.prepareStatement(
                "SELECT MIN(seq), MAX(seq) FROM audit_event" + where.sql() + " AND seq >= ? AND seq <= ?")) {
            int i = where.bind(s, 1);
            s.setLong(i++, range.first());
            s.setLong(i, range.last());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long min = r.getLong(1);
                return r.wasNull() ? Optional.empty() : Optional.of(new SeqRange(min, r.getLong(2)));
            }
        }
    }

    /** A record of an export page, and whether it matches the export's filter. */
    record ExportRow(StoredAuditEvent event, boolean matches) {}

    /** Up to {@code limit} records after {@code afterSeq} up to {@code upToSeq}, in chain order, each with its match. */
    List<ExportRow> exportPage(Connection c, AuditQuery q, long afterSeq, long upToSeq, int limit) throws SQLException {
        Where where = where(q);
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + ", CASE WHEN " + where.condition()
                + " THEN 1 ELSE 0 END AS matches FROM audit_event WHERE seq > ? AND seq <= ?"
                + " ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            int i = where.bind(s, 1);
            s.setLong(i++, afterSeq);
            s.setLong(i++, upToSeq);
            s.setInt(i, limit);
            List<ExportRow> rows = new ArrayList<>(limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new ExportRow(map(r), r.getInt("matches") == 1));
                }
            }
            return rows;
        }
    }

    /** Checkpoints with {@code from <= seq <= to}, in chain order. */
    List<AuditCheckpoint> checkpointsBetween(Connection c, long from, long to) throws SQLException {
        List<AuditCheckpoint> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash, created_at, key_id, signature"
                + " FROM audit_checkpoint WHERE seq >= ? AND seq <= ? ORDER BY seq")) {
            s.setLong(1, from);
            s.setLong(2, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(new AuditCheckpoint(
                            r.getLong(1),
                            r.getString(2),
                            r.getTimestamp(3).toInstant(),
                            r.getString(4),
                            r.getString(5)));
                }
            }
        }
        return list;
    }

    /** The first checkpoint at or after {@code seq}. */
    Optional<AuditCheckpoint> checkpointAtOrAfter(Connection c, long seq) throws SQLException {
        List<AuditCheckpoint> found = checkpointsBetween(c, seq, Long.MAX_VALUE);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** Adds {@code counts} to the per-minute, per-hour and per-user-and-hour summaries. */
    void addCounts(Connection c, Map<CountKey, Long> counts) throws SQLException {
        mergeCounts(c, "audit_minute_count", ChronoUnit.MINUTES, counts, false);
        mergeCounts(c, "audit_hour_count", ChronoUnit.HOURS, counts, false);
        mergeCounts(c, "audit_actor_hour_count", ChronoUnit.HOURS, counts, true);
    }

    private static void mergeCounts(
            Connection c, String table, ChronoUnit unit, Map<CountKey, Long> counts, boolean perActor)
            throws SQLException {
        Map<CountKey, Long> merged = new HashMap<>();
        counts.forEach((k, n) -> {
            if (!perActor || k.actorId() != null) {
                merged.merge(
                        new CountKey(
                                k.bucketStart().truncatedTo(unit),
                                perActor ? k.actorId() : null,
                                k.action(),
                                k.outcome()),
                        n,
                        Long::sum);
            }
        });
        if (merged.isEmpty()) {
            return;
        }
        String actorColumn = perActor ? "actor_id, " : "";
        String row = "(" + (perActor ? "CAST(? AS UUID), " : "")
                + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(16)),"
                + " CAST(? AS BIGINT))";
        String actorMatch = perActor ? "t.actor_id = v.actor_id AND " : "";
        // one statement for the whole batch (its keys are distinct), not one execution per key
        try (PreparedStatement s = c.prepareStatement("MERGE INTO " + table + " t USING (VALUES "
                + String.join(", ", Collections.nCopies(merged.size(), row)) + ") AS v (" + actorColumn
                + "bucket_start, action, outcome, n)"
                + " ON " + actorMatch
                + "t.bucket_start = v.bucket_start AND t.action = v.action AND t.outcome = v.outcome"
                + " WHEN MATCHED THEN UPDATE SET total = t.total + v.n"
                + " WHEN NOT MATCHED THEN INSERT (" + actorColumn + "bucket_start, action, outcome, total)"
                + " VALUES (" + (perActor ? "v.actor_id, " : "") + "v.bucket_start, v.action, v.outcome, v.n)")) {
            int i = 1;
            for (Map.Entry<CountKey, Long> e : merged.entrySet()) {
                if (perActor) {
                    s.setObject(i++, e.getKey().actorId());
                }
                s.setTimestamp(i++, Timestamp.from(e.getKey().bucketStart()));
                s.setString(i++, e.getKey().action());
                s.setString(i++, e.getKey().outcome());
                s.setLong(i++, e.getValue());
            }
            s.executeUpdate();
        }
    }

    /** A failed sign-in count's key: {@code address} or {@code account}, the hour, and the address or email. */
    record SourceKey(String dimension, Instant hour, String source) {}

    /** Adds {@code counts} to the hourly counts of failed sign-ins per address and per account. */
    void addFailedSignIns(Connection c, Map<SourceKey, Long> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        Map<SourceKey, Long> merged = new HashMap<>(); // keys that are one once cut to the column's width
        counts.forEach((k, n) ->
                merged.merge(new SourceKey(k.dimension(), k.hour(), truncate(k.source(), 254)), n, Long::sum));
        String row = "(CAST(? AS VARCHAR(16)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(254)),"
                + " CAST(? AS BIGINT))";
        try (PreparedStatement s = c.prepareStatement("MERGE INTO audit_failed_sign_in_count t USING (VALUES "
                + String.join(", ", Collections.nCopies(merged.size(), row))
                + ") AS v (dimension, bucket_start, source, n)"
                + " ON t.dimension = v.dimension AND t.bucket_start = v.bucket_start AND t.source = v.source"
                + " WHEN MATCHED THEN UPDATE SET total = t.total + v.n"
                + " WHEN NOT MATCHED THEN INSERT (dimension, bucket_start, source, total)"
                + " VALUES (v.dimension, v.bucket_start, v.source, v.n)")) {
            int i = 1;
            for (Map.Entry<SourceKey, Long> e : merged.entrySet()) {
                s.setString(i++, e.getKey().dimension());
                s.setTimestamp(i++, Timestamp.from(e.getKey().hour()));
                s.setString(i++, e.getKey().source());
                s.setLong(i++, e.getValue());
            }
            s.executeUpdate();
        }
    }

    /** A source of failed sign-ins and how many came from it. */
    record SourceCount(String source, long total) {}

    /** The {@code limit} addresses (or accounts) with the most failed sign-ins since {@code from}, most first. */
    List<SourceCount> topFailedSignIns(Connection c, String dimension, Instant from, int limit) throws SQLException {
        List<SourceCount> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT source, SUM(total) AS n FROM audit_failed_sign_in_count"
                + " WHERE dimension = ? AND bucket_start >= ? GROUP BY source ORDER BY n DESC, source"
                + " FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, dimension);
            s.setTimestamp(2, Timestamp.from(from));
            s.setInt(3, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(new SourceCount(r.getString(1), r.getLong(2)));
                }
            }
        }
        return list;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** A summary row's key: the start of its minute (or hour), the user (or none), action and outcome. */
    record CountKey(Instant bucketStart, UUID actorId, String action, String outcome) {}

    /** Counts one summary row: its bucket start, outcome and count. */
    @FunctionalInterface
    interface CountSink {
        void add(Instant at, String outcome, long count);
    }

    /**
     * Feeds the summary rows (per hour, or per minute when not {@code hourly}) in {@code [from, to)} for an optional
     * user (hourly only), actions (any of them; any action when empty) and outcome to {@code sink}.
     */
    void summaryCounts(
            Connection c,
            boolean hourly,
            Instant from,
            Instant to,
            UUID actorId,
            List<String> actions,
            String outcome,
            CountSink sink)
            throws SQLException {
        String table = actorId != null ? "audit_actor_hour_count" : hourly ? "audit_hour_count" : "audit_minute_count";
        String sql = "SELECT bucket_start, outcome, total FROM " + table
                + " WHERE " + (actorId == null ? "" : "actor_id = ? AND ") + "bucket_start >= ? AND bucket_start < ?"
                + (actions.isEmpty() ? "" : " AND action IN (" + placeholders(actions.size()) + ")")
                + (outcome == null ? "" : " AND outcome = ?");
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (actorId != null) {
                s.setObject(i++, actorId);
            }
            s.setTimestamp(i++, Timestamp.from(from));
            s.setTimestamp(i++, Timestamp.from(to));
            for (String action : actions) {
                s.setString(i++, action);
            }
            if (outcome != null) {
                s.setString(i, outcome);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    sink.add(r.getTimestamp(1).toInstant(), r.getString(2), r.getLong(3));
                }
            }
        }
    }

    /** Feeds the time and outcome of every record matching {@code q} in {@code range} to {@code sink}. */
    void matchingTimes(Connection c, AuditQuery q, SeqRange range, CountSink sink) throws SQLException {
        Where where = where(q);
        try (PreparedStatement s = c.prepareStatement(
                "SELECT occurred_at, outcome FROM audit_event" + where.sql() + " AND seq >= ? AND seq <= ?")) {
            int i = where.bind(s, 1);
            s.setLong(i++, range.first());
            s.setLong(i, range.last());
            s.setFetchSize(1_000);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    sink.add(r.getTimestamp(1).toInstant(), r.getString(2), 1);
                }
            }
        }
    }

    /** Sequence numbers {@code first..last}, both inclusive; empty when {@code first > last}. */
    record SeqRange(long first, long last) {}

    /** A filter as SQL: a condition with {@code ?} placeholders and the values to bind, in order. */
    record Where(String condition, List<Object> params) {
        String sql() {
            return " WHERE " + condition;
        }

        int bind(PreparedStatement s, int first) throws SQLException {
            int i = first;
            for (Object p : params) {
                s.setObject(i++, p);
            }
            return i;
        }
    }

    /** {@code q}'s filters, without paging ({@code before}, {@code limit}). */
    static Where where(AuditQuery q) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
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
        List<String> actions = q.actions();
        if (actions.size() == 1) {
            where.append(" AND action = ?");
            params.add(actions.getFirst());
        } else if (!actions.isEmpty()) {
            where.append(" AND action IN (")
                    .append(placeholders(actions.size()))
                    .append(')');
            params.addAll(actions);
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
        if (q.target() != null) {
            where.append(" AND (target_id = ? OR LOWER(target_name) = ?)");
            params.add(q.target().strip());
            params.add(q.target().strip().toLowerCase(Locale.ROOT));
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
        return new Where(where.toString(), params);
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static Optional<UUID> uuid(String text) {
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
