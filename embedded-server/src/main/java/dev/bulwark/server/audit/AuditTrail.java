package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.RequestContext;
import java.security.SecureRandom;
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
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends records to the audit trail.
 *
 * <p>Services call {@link #record} inside their own write transaction, so the change and its record commit
 * together or not at all: when the record cannot be written the whole transaction fails (fail closed). Appending
 * locks the single {@code audit_head} row (an {@code UPDATE} of it) until the transaction ends, which
 * gives gapless sequence numbers and one linear hash chain across concurrent writers and across server nodes
 * sharing one database. Call it last in a transaction, so the lock is held briefly.
 *
 * <p>Every {@code checkpointEvery} records, or on the first record after {@code checkpointPeriod}, the same
 * transaction also writes a signed checkpoint of the new head.
 */
public final class AuditTrail {
    static final int BATCH_MAX = 500;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Transactions tx;
    private final AuditRepository repository = new AuditRepository();
    private final CheckpointKeys keys;
    private final int checkpointEvery;
    private final Duration checkpointPeriod;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock turn = new ReentrantLock();
    private final Condition turnEnded = turn.newCondition();
    private boolean writing; // guarded by turn
    private final LongAdder batches = new LongAdder();
    private volatile CheckpointWitness witness;

    public AuditTrail(
            Transactions tx, CheckpointKeys keys, int checkpointEvery, Duration checkpointPeriod, Clock clock) {
        this.tx = tx;
        this.keys = keys;
        this.checkpointEvery = checkpointEvery;
        this.checkpointPeriod = checkpointPeriod;
        this.clock = clock;
    }

    /**
     * Writes the records by which the chain states its trust rules (decision 0028), once at start: the
     * introduction of a signing key made while the chain already had records, which only a key signed before it
     * can vouch for ({@code audit.checkpoint-key.create}; the first key of a new trail is vouched for by the master
     * key on the server and by the operator's trusted keys offline), and the checkpoint interval when it differs
     * from the one the chain last stated ({@link CheckpointPolicy#DEFAULT_INTERVAL} until one is stated). Several
     * nodes starting together may each write one; verifiers take repeats as they are.
     */
    public void stateCheckpointPolicy() {
        tx.write(c -> {
            if (keys.madeAtLoad()
                    && repository.readHead(c).lastSeq() > 0
                    && repository.newestPolicy(c, keys.keyId(), Long.MAX_VALUE).isEmpty()) {
                record(c, CheckpointPolicy.keyCreated(keys.keyId(), keys.thumbprint(), checkpointEvery));
                return null;
            }
            int stated = repository
                    .newestPolicy(c, null, Long.MAX_VALUE)
                    .flatMap(e -> {
                        OptionalInt interval = CheckpointPolicy.interval(e.diff());
                        return interval.isPresent() ? Optional.of(interval.getAsInt()) : Optional.empty();
                    })
                    .orElse(CheckpointPolicy.DEFAULT_INTERVAL);
            if (stated != checkpointEvery) {
                record(c, CheckpointPolicy.intervalChanged(OptionalInt.of(stated), checkpointEvery));
            }
            return null;
        });
    }

    /** Copies every checkpoint, once committed, to {@code witness} (decision 0032). */
    public void witnessedBy(CheckpointWitness witness) {
        this.witness = witness;
    }

    /** The key that signs checkpoints and bundle headers. */
    CheckpointKeys keys() {
        return keys;
    }

    /** How many records the chain holds (the sequence number of its newest record), for the metrics. */
    public long length() {
        return tx.read(c -> repository.readHead(c).lastSeq());
    }

    /** How many batches {@link #recordAlone} has committed, which shows whether concurrent callers share them. */
    long batchesCommitted() {
        return batches.sum();
    }

    /** Appends {@code record} in the caller's transaction; any failure must fail that transaction. */
    public AuditEvent record(Connection c, AuditRecord record) throws SQLException {
        return append(c, List.of(fromThisRequest(record))).getFirst();
    }

    /**
     * Appends {@code record} in a write transaction of its own, for events with no change (a failed sign-in), and
     * returns once it is durable.
     *
     * <p>Concurrent callers are appended together: each caller queues its record; when no batch is being written,
     * one of them becomes the writer and appends every queued record (up to {@value #BATCH_MAX}) under one head lock
     * in one transaction. The writer's turn ends once that transaction is committed, so the next batch is appended
     * while this one is synced to disk (one shared sync, {@link Transactions#awaitDurable()}); only then are its
     * callers told. A caller whose record another caller's batch took only waits for that batch: it never queues
     * for the writer's turn, so those who were served cannot hold up the next batch (with a lock per batch they
     * did, and on PostgreSQL nearly every batch held one record). A batch that fails is retried one record per
     * transaction, so a bad record fails only its own caller.
     */
    public AuditEvent recordAlone(AuditRecord record) {
        Pending mine = new Pending(fromThisRequest(record));
        queue.add(mine);
        if (!takeWritersTurn(mine)) {
            return mine.await();
        }
        List<Pending> batch;
        try {
            batch = commitQueued();
        } finally {
            endWritersTurn();
        }
        if (!batch.isEmpty()) {
            RuntimeException syncFailure = null;
            try {
                tx.awaitDurable();
            } catch (RuntimeException e) {
                syncFailure = e;
            }
            for (Pending p : batch) {
                p.finish(syncFailure);
            }
        }
        return mine.await();
    }

    /** Waits until {@code mine} was taken into a batch (false) or no batch is being written (true: write one). */
    private boolean takeWritersTurn(Pending mine) {
        turn.lock();
        try {
            while (writing && !mine.taken) {
                turnEnded.awaitUninterruptibly();
            }
            if (mine.taken) {
                return false;
            }
            writing = true;
            return true;
        } finally {
            turn.unlock();
        }
    }

    private void endWritersTurn() {
        turn.lock();
        try {
            writing = false;
            turnEnded.signalAll();
        } finally {
            turn.unlock();
        }
    }

    /**
     * Fills in, on the thread serving the request, what the record leaves to the request: its id and, for a user
     * acting through an API token, that token as the auth method ({@code api-token:<id>}). Batched records are
     * appended by whichever caller holds the writer, so this must happen before they are queued.
     */
    private static AuditRecord fromThisRequest(AuditRecord record) {
        if (record.requestId == null) {
            RequestContext.currentRequestId().ifPresent(record::requestId);
        }
        if (record.authMethod == null && record.actor.kind() == AuditActor.Kind.USER) {
            RequestContext.currentAuthMethod().ifPresent(record::authMethod);
        }
        return record;
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

    /**
     * Commits the queued records as one batch and returns the batch, whose callers must be told once it is
     * durable; a failed batch is written one record at a time, and those records are finished here.
     */
    private List<Pending> commitQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p = queue.poll(); p != null; p = batch.size() < BATCH_MAX ? queue.poll() : null) {
            p.taken = true;
            batch.add(p);
        }
        try {
            List<AuditEvent> events = tx.writeCommitted(
                    c -> append(c, batch.stream().map(p -> p.record).toList()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).event = events.get(i);
            }
            batches.increment();
            return batch;
        } catch (RuntimeException batchFailure) {
            for (Pending p : batch) {
                try {
                    p.event = tx.write(c -> record(c, p.record));
                    p.finish(null);
                } catch (RuntimeException e) {
                    p.finish(e);
                }
            }
            return List.of();
        }
    }

    /** A record waiting for the writer, and what became of it. */
    private static final class Pending {
        private final AuditRecord record;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean taken; // set by the writer; read by its caller under the turn lock
        private AuditEvent event;
        private RuntimeException failure;

        Pending(AuditRecord record) {
            this.record = record;
        }

        void finish(RuntimeException failure) {
            this.failure = failure;
            done.countDown();
        }

        AuditEvent await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the record is being written; its outcome must still be reported
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return event;
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
        List<StoredAuditEvent> stored = new ArrayList<>(records.size());
        List<AuditCheckpoint> checkpoints = new ArrayList<>();
        Map<AuditRepository.CountKey, Long> counts = new HashMap<>();
        Map<AuditRepository.SourceKey, Long> failedSignIns = new HashMap<>();
        for (AuditRecord record : records) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            seq++;
            StoredAuditEvent unhashed = new StoredAuditEvent(
                    seq,
                    timeOrderedId(now),
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
                    record.requestId,
                    record.diff == null || record.diff.isEmpty()
                            ? null
                            : StoredAuditEvent.diffJson(record.diff.changes()),
                    hash,
                    null);
            hash = unhashed.computeHash(hash);
            stored.add(withHash(unhashed, hash));
            counts.merge(
                    new AuditRepository.CountKey(
                            now.truncatedTo(ChronoUnit.MINUTES),
                            unhashed.actorId(),
                            unhashed.action(),
                            unhashed.outcome()),
                    1L,
                    Long::sum);
            if (AuditSummaries.FAILED_SIGN_INS.contains(unhashed.action())) {
                Instant hour = now.truncatedTo(ChronoUnit.HOURS);
                if (unhashed.sourceIp() != null) {
                    failedSignIns.merge(
                            new AuditRepository.SourceKey("address", hour, unhashed.sourceIp()), 1L, Long::sum);
                }
                if (unhashed.actorEmail() != null) {
                    failedSignIns.merge(
                            new AuditRepository.SourceKey(
                                    "account", hour, unhashed.actorEmail().toLowerCase(java.util.Locale.ROOT)),
                            1L,
                            Long::sum);
                }
            }
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
        repository.addFailedSignIns(c, failedSignIns);
        CheckpointWitness copy = witness;
        if (copy != null && !checkpoints.isEmpty()) {
            copy.checkpointed(); // read back once committed; a rolled-back checkpoint is never seen
        }
        return stored.stream().map(StoredAuditEvent::toEvent).toList();
    }

    /**
     * A version 7 UUID (RFC 9562): the record's millisecond time, then random bits. Ids that grow with time keep
     * the unique index's inserts on its last pages instead of a random page per record.
     */
    private static UUID timeOrderedId(Instant at) {
        long millis = at.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextLong() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
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
