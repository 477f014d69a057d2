package dev.bulwark.server.backup;

import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.backup.RestoreTestResult;
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

/** The backups this server made, their restore tests, and the server's identity. */
public final class BackupRepository {
    /** A backup row with what a restore test needs to find and trust its file. */
    record Row(Backup backup, String payloadSha256) {}

    /** This server's id, made on first use. */
    UUID serverId(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT server_id FROM server_identity WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            if (r.next()) {
                return r.getObject(1, UUID.class);
            }
        }
        UUID id = UUID.randomUUID();
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO server_identity (id, server_id, created_at) VALUES (1, ?, ?)")) {
            s.setObject(1, id);
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
        return id;
    }

    void insert(Connection c, Backup b, String payloadSha256) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO backup (id, created_at, file_name, size_bytes, payload_sha256, audit_head_seq, made_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, b.id());
            s.setTimestamp(2, Timestamp.from(b.createdAt()));
            s.setString(3, b.fileName());
            s.setLong(4, b.sizeBytes());
            s.setString(5, payloadSha256);
            s.setLong(6, b.auditHeadSeq());
            s.setString(7, b.trigger());
            s.executeUpdate();
        }
    }

    void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM backup WHERE id = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }

    void insertTest(Connection c, UUID testId, RestoreTestResult t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO backup_restore_test (id, backup_id, tested_at, passed, detail, user_count, group_count,
                    vault_count, audit_count, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, testId);
            s.setObject(2, t.backupId());
            s.setTimestamp(3, Timestamp.from(t.testedAt()));
            s.setBoolean(4, t.passed());
            s.setString(5, t.detail().length() > 500 ? t.detail().substring(0, 500) : t.detail());
            s.setLong(6, t.users());
            s.setLong(7, t.groups());
            s.setLong(8, t.vaultEntries());
            s.setLong(9, t.auditRecords());
            s.setLong(10, t.durationMillis());
            s.executeUpdate();
        }
    }

    /** Every backup, newest first, each with its newest restore test. */
    List<Row> list(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                        SELECT b.id, b.created_at, b.file_name, b.size_bytes, b.audit_head_seq, b.made_by, b.payload_sha256,
                               t.tested_at, t.passed, t.detail, t.user_count, t.group_count, t.vault_count, t.audit_count,
                               t.duration_ms
                        FROM backup b
                        LEFT JOIN backup_restore_test t ON t.id = (
                            SELECT t2.id FROM backup_restore_test t2 WHERE t2.backup_id = b.id
                            ORDER BY t2.tested_at DESC FETCH FIRST 1 ROWS ONLY)
                        ORDER BY b.created_at DESC
                        """);
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(row(r));
            }
        }
        return rows;
    }

    Optional<Row> find(Connection c, UUID id) throws SQLException {
        return list(c).stream().filter(r -> r.backup().id().equals(id)).findFirst();
    }

    /** The newest restore test of any backup, with the time its backup was made. */
    public record LastTest(RestoreTestResult result, Instant backupCreatedAt) {}

    public Optional<LastTest> lastTest(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                        SELECT t.backup_id, t.tested_at, t.passed, t.detail, t.user_count, t.group_count, t.vault_count,
                               t.audit_count, t.duration_ms, b.created_at
                        FROM backup_restore_test t JOIN backup b ON b.id = t.backup_id
                        ORDER BY t.tested_at DESC FETCH FIRST 1 ROWS ONLY
                        """);
                ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            return Optional.of(new LastTest(
                    new RestoreTestResult(
                            r.getObject(1, UUID.class),
                            r.getTimestamp(2).toInstant(),
                            r.getBoolean(3),
                            r.getString(4),
                            r.getLong(5),
                            r.getLong(6),
                            r.getLong(7),
                            r.getLong(8),
                            r.getLong(9)),
                    r.getTimestamp(10).toInstant()));
        }
    }

    /** When the newest backup was made. */
    public Optional<Instant> newestBackupAt(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(created_at) FROM backup");
                ResultSet r = s.executeQuery()) {
            r.next();
            Timestamp t = r.getTimestamp(1);
            return Optional.ofNullable(t).map(Timestamp::toInstant);
        }
    }

    /** When the newest {@code backup.failure} was recorded, and why. */
    public record Failure(Instant at, String reason) {}

    public Optional<Failure> newestFailure(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT occurred_at, reason FROM audit_event WHERE action = ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY"); ) {
            s.setString(1, dev.bulwark.model.audit.AuditAction.BACKUP_FAILURE.code());
            try (ResultSet r = s.executeQuery()) {
                return r.next()
                        ? Optional.of(new Failure(r.getTimestamp(1).toInstant(), r.getString(2)))
                        : Optional.empty();
            }
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        UUID id = r.getObject(1, UUID.class);
        Timestamp tested = r.getTimestamp(8);
        RestoreTestResult test = tested == null
                ? null
                : new RestoreTestResult(
                        id,
                        tested.toInstant(),
                        r.getBoolean(9),
                        r.getString(10),
                        r.getLong(11),
                        r.getLong(12),
                        r.getLong(13),
                        r.getLong(14),
                        r.getLong(15));
        return new Row(
                new Backup(
                        id,
                        r.getTimestamp(2).toInstant(),
                        r.getString(3),
                        r.getLong(4),
                        r.getLong(5),
                        r.getString(6),
                        test,
                        false),
                r.getString(7));
    }
}
