package dev.bulwark.server.audit;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

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
    static final int BATCH_MAX = 500;
    private final Transactions tx;
    private final AuditRepository repository = new AuditRepository();
    private final CheckpointKeys keys;
    private final int checkpointEvery;
    private final Duration checkpointPeriod;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

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
        return append(c, List.of(record)).getFirst();
    }

    /**
     * Appends {@code record} in a write transaction of its own, for events with no change (a failed sign-in), and
     * returns once it is durable.
     *
     * <p>Concurrent callers are appended together: each caller queues its record, and whoever holds the writer
     * lock appends every queued record (up to {@value #BATCH_MAX}) under one head lock, in one transaction and
     * one disk sync, then hands each caller its event. A batch that fails is retried one record per
     * transaction, so a bad record fails only its own caller.
     */
    public AuditEvent recordAlone(AuditRecord record) {
        Pending mine = new Pending(record);
        queue.add(mine);
        writer.lock();
        try {
            if (!mine.done) {
                writeQueued();
            }
        } finally {
            writer.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.event;
    }

    /**
     * Writes a signed checkpoint of the current head unless the newest checkpoint already covers it, so that
     * everything recorded so far is vouched for (an export's range must end at a checkpoint).
     *
     * @return the checkpoint of the head, or empty when the trail has no records
     */
    Optional<AuditCheckpoint> checkpointHead() {
        return tx.write(c -> {
            AuditRepository.Head head = repository.lockHead(c);
            if (head.lastSeq() == 0) {
                return Optional.empty();
            }
            if (head.lastCheckpointSeq() == head.lastSeq()) {
                return repository.checkpointAtOrAfter(c, head.lastSeq());
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            AuditCheckpoint checkpoint = new AuditCheckpoint(
                    head.lastSeq(),
                    head.lastHash(),
                    now,
                    keys.keyId(),
                    keys.sign(head.lastSeq(), head.lastHash(), now));
            repository.insertCheckpoint(c, checkpoint);
            return Optional.of(checkpoint);
        });
    }

    private void writeQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p = queue.poll(); p != null; p = batch.size() < BATCH_MAX ? queue.poll() : null) {
            batch.add(p);
        }
        try {
            List<AuditEvent> events =
                    tx.write(c -> append(c, batch.stream().map(p -> p.record).toList()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(events.get(i), null);
            }
        } catch (RuntimeException batchFailure) {
            for (Pending p : batch) {
                try {
                    p.complete(tx.write(c -> record(c, p.record)), null);
                } catch (RuntimeException e) {
                    p.complete(null, e);
                }
            }
        }
    }

    /** A record waiting for the writer, and what became of it. */
    private static final class Pending {
        private final AuditRecord record;
        private volatile boolean done;
        private AuditEvent event;
        private RuntimeException failure;

        Pending(AuditRecord record) {
            this.record = record;
        }

        void complete(AuditEvent event, RuntimeException failure) {
            this.event = event;
            this.failure = failure;
            this.done = true;
        }
    }

    /** Appends {@code records} in order under one lock of the head, in the caller's transaction. */
    private List<AuditEvent> append(Connection c, List<AuditRecord> records) throws SQLException {
        AuditRepository.Head head = repository.lockHead(c);
        long seq = head.lastSeq();
        String hash = head.lastHash();
        long lastCheckpointSeq = head.lastCheckpointSeq();
        Instant lastCheckpointAt =
                head.lastCheckpointAt() == null ? null : head.lastCheckpointAt().toInstant();
        Optional<String> requestId = RequestContext.currentRequestId();
        List<StoredAuditEvent> stored = new ArrayList<>(records.size());
        List<AuditCheckpoint> checkpoints = new ArrayList<>();
        Map<AuditRepository.CountKey, Long> counts = new HashMap<>();
        for (AuditRecord record : records) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            seq++;
            StoredAuditEvent unhashed = new StoredAuditEvent(
                    seq,
                    UUID.randomUUID(),
                    now,
                    record.actor.kind().name(),
                    record.actor.userId(),
                    record.actor.email(),
                    record.authMethod,
                    record.sourceIp,
                    record.client,
                    record.action.code(),
                    record.targetType,
                    record.targetId,
                    record.targetName,
                    record.outcome.name(),
                    record.reason,
                    record.requestId != null ? record.requestId : requestId.orElse(null),
                    record.diff == null || record.diff.isEmpty()
                            ? null
                            : StoredAuditEvent.diffJson(record.diff.changes()),
                    hash,
                    null);
            hash = unhashed.computeHash(hash);
            stored.add(withHash(unhashed, hash));
            counts.merge(
                    new AuditRepository.CountKey(
                            now.truncatedTo(ChronoUnit.MINUTES), unhashed.action(), unhashed.outcome()),
                    1L,
                    Long::sum);
            if (seq - lastCheckpointSeq >= checkpointEvery
                    || lastCheckpointAt == null
                    || !lastCheckpointAt.plus(checkpointPeriod).isAfter(now)) {
                checkpoints.add(new AuditCheckpoint(seq, hash, now, keys.keyId(), keys.sign(seq, hash, now)));
                lastCheckpointSeq = seq;
                lastCheckpointAt = now;
            }
        }
        repository.insert(c, stored);
        repository.advanceHead(c, seq, hash);
        for (AuditCheckpoint checkpoint : checkpoints) {
            repository.insertCheckpoint(c, checkpoint);
        }
        repository.addCounts(c, counts);
        return stored.stream().map(StoredAuditEvent::toEvent).toList();
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
