package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.RequestContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Appends records to the audit trail.
 *
 * <p>Services call {@link #record} inside their own write transaction, so the change and its record commit
 * together or not at all: when the record cannot be written the whole transaction fails (fail closed). Appending
 * locks the single {@code audit_head} row ({@code SELECT ... FOR UPDATE}) until the transaction ends, which
 * gives gapless sequence numbers and one linear hash chain across concurrent writers and across server nodes
 * sharing one database. Call it last in a transaction, so the lock is held briefly.
 *
 * <p>Every {@code checkpointEvery} records, or on the first record after {@code checkpointPeriod}, the same
 * transaction also writes a signed checkpoint of the new head.
 */
public final class AuditTrail {
    private final Transactions tx;
    private final AuditRepository repository = new AuditRepository();
    private final CheckpointKeys keys;
    private final int checkpointEvery;
    private final Duration checkpointPeriod;
    private final Clock clock;

    public AuditTrail(
            Transactions tx, CheckpointKeys keys, int checkpointEvery, Duration checkpointPeriod, Clock clock) {
        this.tx = tx;
        this.keys = keys;
        this.checkpointEvery = checkpointEvery;
        this.checkpointPeriod = checkpointPeriod;
        this.clock = clock;
    }

    /** Appends {@code record} in the caller's transaction; any failure must fail that transaction. */
    public AuditEvent record(Connection c, AuditRecord record) throws SQLException {
        AuditRepository.Head head = repository.lockHead(c);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long seq = head.lastSeq() + 1;
        StoredAuditEvent unhashed = new StoredAuditEvent(
                seq,
                UUID.randomUUID(),
                now,
                record.actor.kind().name(),
                record.actor.userId(),
                record.actor.email(),
                authMethod(record),
                record.sourceIp,
                record.client,
                record.action.code(),
                record.targetType,
                record.targetId,
                record.targetName,
                record.outcome.name(),
                record.reason,
                record.requestId != null
                        ? record.requestId
                        : RequestContext.currentRequestId().orElse(null),
                record.diff == null || record.diff.isEmpty() ? null : StoredAuditEvent.diffJson(record.diff.changes()),
                head.lastHash(),
                null);
        String hash = unhashed.computeHash(head.lastHash());
        StoredAuditEvent stored = withHash(unhashed, hash);
        repository.insert(c, stored);
        repository.advanceHead(c, seq, hash);
        if (checkpointDue(head, seq, now)) {
            repository.insertCheckpoint(
                    c, new AuditCheckpoint(seq, hash, now, keys.keyId(), keys.sign(seq, hash, now)));
        }
        return stored.toEvent();
    }

    /** Appends {@code record} in a write transaction of its own, for events with no change (a failed sign-in). */
    public AuditEvent recordAlone(AuditRecord record) {
        return tx.write(c -> record(c, record));
    }

    /**
     * The record's auth method; for a user acting in a request authenticated with an API token, that token
     * ({@code api-token:<id>}) unless the record names another.
     */
    private static String authMethod(AuditRecord record) {
        if (record.authMethod != null || record.actor.kind() != AuditActor.Kind.USER) {
            return record.authMethod;
        }
        return RequestContext.currentAuthMethod().orElse(null);
    }

    private boolean checkpointDue(AuditRepository.Head head, long seq, Instant now) {
        return seq - head.lastCheckpointSeq() >= checkpointEvery
                || head.lastCheckpointAt() == null
                || !head.lastCheckpointAt().toInstant().plus(checkpointPeriod).isAfter(now);
    }

    private static StoredAuditEvent withHash(StoredAuditEvent e, String hash) {
        return new StoredAuditEvent(
                e.seq(),
                e.id(),
                e.occurredAt(),
                e.actorKind(),
                e.actorId(),
                e.actorEmail(),
                e.authMethod(),
                e.sourceIp(),
                e.client(),
                e.action(),
                e.targetType(),
                e.targetId(),
                e.targetName(),
                e.outcome(),
                e.reason(),
                e.requestId(),
                e.diff(),
                e.prevHash(),
                hash);
    }
}
