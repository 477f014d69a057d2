package dev.bulwark.server.audit;

import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.ChainProblem;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.server.db.Transactions;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Recomputes the audit chain and reports how far it is intact.
 *
 * <p>Reads the records in pages of {@value #PAGE} by sequence number, the next page while the current one is
 * checked, so memory stays constant however long the trail is. For each record it checks: the sequence number follows the previous one (else {@code GAP}); its
 * previous hash is the previous record's hash (else {@code BROKEN_LINK}); its hash matches its content (else
 * {@code HASH_MISMATCH}). Each checkpoint must carry a valid signature by a published key and the hash of the
 * record it names ({@code CHECKPOINT_INVALID}); records the head or a checkpoint vouches for must exist ({@code
 * TRUNCATED}). Decision 0028: every stored checkpoint key must be one this server made (its private half opens
 * under the master key), an introduction record must name the stored key's thumbprint ({@code
 * CHECKPOINT_KEY_UNTRUSTED}), and no more records than the checkpoint interval the chain states may follow a
 * checkpoint without the next one ({@code CHECKPOINT_MISSING}). Records appended while a verification runs are
 * left for the next one.
 */
public final class ChainVerifier {
    static final int PAGE = 2_000;

    private final Transactions tx;
    private final AuditRepository repository = new AuditRepository();
    private final CheckpointKeys keys;
    private final Clock clock;

    /** @param keys this server's checkpoint keys, which tell the keys it made from rows someone inserted */
    public ChainVerifier(Transactions tx, CheckpointKeys keys, Clock clock) {
        this.tx = tx;
        this.keys = keys;
        this.clock = clock;
    }

    /** Verifies the whole trail. */
    public ChainVerification verify() {
        return verifyFrom(0);
    }

    /**
     * Verifies the trail from record {@code fromSeq} (exclusive) to the head: the records after it, and the
     * checkpoints that name them. The record at {@code fromSeq} is taken as it is stored, so this proves only
     * that the trail extends it; a client that pinned that record's hash checks it itself. Costs what was
     * appended since, not the whole trail.
     */
    public ChainVerification verifyFrom(long fromSeq) {
        record Snapshot(
                AuditRepository.Head head,
                List<AuditCheckpoint> checkpoints,
                JWKSet keys,
                Set<String> notMadeHere,
                OptionalInt interval) {}
        Snapshot snapshot = tx.read(c -> {
            // checkpoints before the head: the head then covers every checkpoint read, even with appends running
            List<AuditCheckpoint> checkpoints = repository.checkpoints(c);
            return new Snapshot(
                    repository.readHead(c),
                    checkpoints,
                    CheckpointKeys.publicKeys(c),
                    keys.notMadeHere(c),
                    repository
                            .newestPolicy(c, null, fromSeq)
                            .map(e -> CheckpointPolicy.interval(e.diff()))
                            .orElse(OptionalInt.empty()));
        });
        // Decision 0028: a key row this server did not make (it does not open under the master key) was inserted.
        List<String> inserted = List.copyOf(snapshot.notMadeHere());
        Map<String, String> thumbprints = new HashMap<>();
        snapshot.keys().getKeys().forEach(k -> thumbprints.put(k.getKeyID(), CheckpointKeys.thumbprint(k)));
        // The checkpoint interval in force, as the chain states it; a gap longer than the largest interval in force
        // since the last checkpoint means a checkpoint was deleted.
        int interval = snapshot.interval().orElse(CheckpointPolicy.DEFAULT_INTERVAL);
        int allowed = interval;
        long lastCheckpointSeq = snapshot.checkpoints().stream()
                .mapToLong(AuditCheckpoint::seq)
                .filter(seq -> seq <= fromSeq)
                .max()
                .orElse(0);
        long target = snapshot.head().lastSeq();
        Deque<AuditCheckpoint> pending = new ArrayDeque<>(snapshot.checkpoints().stream()
                .filter(cp -> cp.seq() > fromSeq)
                .sorted(Comparator.comparingLong(AuditCheckpoint::seq))
                .toList());
        int checkpointsVerified = 0;
        CheckpointKeys.SignatureCheck signatures = new CheckpointKeys.SignatureCheck(snapshot.keys());
        AuditCheckpoint newest =
                snapshot.checkpoints().isEmpty() ? null : snapshot.checkpoints().getFirst();
        long vouchedUpTo = Math.max(target, newest == null ? 0 : newest.seq());

        long lastSeq = 0;
        String lastHash = StoredAuditEvent.GENESIS_HASH;
        if (fromSeq > 0) {
            Optional<StoredAuditEvent> anchor = tx.read(c -> repository.find(c, fromSeq));
            if (anchor.isEmpty() || fromSeq > target) {
                return broken(
                        0,
                        0,
                        fromSeq,
                        ChainProblem.TRUNCATED,
                        "Record " + fromSeq + " is no longer in the trail: it was cut short or removed.");
            }
            lastSeq = fromSeq;
            lastHash = anchor.get().hash();
        }
        String hashAtHead = target == lastSeq ? lastHash : null;
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = lastSeq;
            Future<List<StoredAuditEvent>> next = reader.submit(() -> readPage(start, vouchedUpTo));
            while (true) {
                List<StoredAuditEvent> page = next.get();
                if (page.size() == PAGE) {
                    // the database reads the next page while this one is hashed
                    long after = page.getLast().seq();
                    next = reader.submit(() -> readPage(after, vouchedUpTo));
                }
                // A record's hash depends only on its own content and its stored previous hash, so the pages'
                // hashes are computed in parallel; the links between records are checked in order below.
                String[] computed = page.parallelStream()
                        .map(e -> e.computeHash(e.prevHash()))
                        .toArray(String[]::new);
                // Signatures, the costliest check, do not depend on the chain either.
                long pageEnd = page.isEmpty() ? lastSeq : page.getLast().seq();
                Set<Long> validlySigned =
                        pending.stream().takeWhile(cp -> cp.seq() <= pageEnd).toList().parallelStream()
                                .filter(cp -> validSignature(signatures, cp))
                                .map(AuditCheckpoint::seq)
                                .collect(Collectors.toSet());
                for (int i = 0; i < page.size(); i++) {
                    StoredAuditEvent e = page.get(i);
                    if (e.seq() != lastSeq + 1) {
                        return broken(
                                lastSeq,
                                checkpointsVerified,
                                lastSeq + 1,
                                ChainProblem.GAP,
                                "Record " + (lastSeq + 1) + " is missing: it was deleted.");
                    }
                    if (!e.prevHash().equals(lastHash)) {
                        return broken(
                                lastSeq,
                                checkpointsVerified,
                                e.seq(),
                                ChainProblem.BROKEN_LINK,
                                "Record " + e.seq() + " does not follow record " + lastSeq
                                        + ": records were removed, inserted or reordered.");
                    }
                    if (!computed[i].equals(e.hash())) {
                        return broken(
                                lastSeq,
                                checkpointsVerified,
                                e.seq(),
                                ChainProblem.HASH_MISMATCH,
                                "Record " + e.seq() + " does not match its hash: it was changed.");
                    }
                    if (CheckpointPolicy.states(e.action())) {
                        if (CheckpointPolicy.KEY_CREATE.equals(e.action())) {
                            String kid = e.targetId();
                            Optional<String> introduced = CheckpointPolicy.thumbprint(e.diff());
                            if (kid == null
                                    || introduced.isEmpty()
                                    || !introduced.get().equals(thumbprints.get(kid))) {
                                return broken(
                                        lastSeq,
                                        checkpointsVerified,
                                        e.seq(),
                                        ChainProblem.CHECKPOINT_KEY_UNTRUSTED,
                                        "Record " + e.seq() + " introduces checkpoint key " + kid
                                                + ", but the key stored under that id is another one.");
                            }
                        }
                        OptionalInt stated = CheckpointPolicy.interval(e.diff());
                        if (stated.isPresent()) {
                            interval = stated.getAsInt();
                            allowed = Math.max(allowed, interval);
                        }
                    }
                    while (!pending.isEmpty() && pending.peekFirst().seq() <= e.seq()) {
                        AuditCheckpoint cp = pending.pollFirst();
                        if (inserted.contains(cp.keyId())) {
                            return broken(
                                    lastSeq,
                                    checkpointsVerified,
                                    cp.seq(),
                                    ChainProblem.CHECKPOINT_KEY_UNTRUSTED,
                                    "The checkpoint at record " + cp.seq() + " is signed by key " + cp.keyId()
                                            + ", which this server did not make: a key was inserted or replaced.");
                        }
                        if (cp.seq() != e.seq() || !cp.hash().equals(e.hash()) || !validlySigned.contains(cp.seq())) {
                            return broken(
                                    lastSeq,
                                    checkpointsVerified,
                                    cp.seq(),
                                    ChainProblem.CHECKPOINT_INVALID,
                                    "The signed checkpoint at record " + cp.seq()
                                            + " does not match the trail or its signature is not valid.");
                        }
                        if (allowed > 0 && cp.seq() - lastCheckpointSeq > allowed) {
                            return missing(lastSeq, checkpointsVerified, lastCheckpointSeq, allowed);
                        }
                        lastCheckpointSeq = cp.seq();
                        allowed = interval;
                        checkpointsVerified++;
                    }
                    lastSeq = e.seq();
                    lastHash = e.hash();
                    if (lastSeq == target) {
                        hashAtHead = lastHash;
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The verification was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        if (lastSeq < vouchedUpTo) {
            return broken(
                    lastSeq,
                    checkpointsVerified,
                    lastSeq + 1,
                    ChainProblem.TRUNCATED,
                    "Records after " + lastSeq + " are missing: the trail's head or a signed checkpoint names record "
                            + vouchedUpTo + ".");
        }
        // a checkpoint is written as soon as the interval is reached, so the head can never be that far past one
        if (allowed > 0 && lastSeq - lastCheckpointSeq >= allowed) {
            return missing(lastSeq, checkpointsVerified, lastCheckpointSeq, allowed);
        }
        if (!inserted.isEmpty()) {
            return broken(
                    lastSeq,
                    checkpointsVerified,
                    lastSeq,
                    ChainProblem.CHECKPOINT_KEY_UNTRUSTED,
                    "Checkpoint key " + String.join(", ", inserted)
                            + " is stored with the trail but was not made by this server: a key was inserted.");
        }
        if (!snapshot.head().lastHash().equals(hashAtHead)) {
            return broken(
                    target - 1,
                    checkpointsVerified,
                    target,
                    ChainProblem.HASH_MISMATCH,
                    "The trail's head does not name the hash of record " + target + ".");
        }
        return new ChainVerification(
                true,
                lastSeq,
                checkpointsVerified,
                null,
                null,
                fromSeq > 0
                        ? "The audit trail is intact from record " + fromSeq + " up to record " + lastSeq + "."
                        : "The audit trail is intact up to record " + lastSeq + ".",
                clock.instant());
    }

    /**
     * Checks an intact chain against checkpoints kept outside the database (decision 0032): each must name a record
     * the trail still has, with the same hash. A witnessed checkpoint past the head means the tail was cut
     * ({@code TRUNCATED}); one whose record has another hash means the trail was rewritten ({@code HASH_MISMATCH}).
     */
    public ChainVerification againstWitness(ChainVerification intact, List<AuditCheckpoint> witnessed) {
        if (!intact.intact() || witnessed.isEmpty()) {
            return intact;
        }
        long head = tx.read(c -> repository.readHead(c).lastSeq());
        for (AuditCheckpoint cp : witnessed) {
            if (cp.seq() > head) {
                return broken(
                        Math.min(intact.verifiedUpTo(), head),
                        intact.checkpointsVerified(),
                        head + 1,
                        ChainProblem.TRUNCATED,
                        "The witness holds a checkpoint at record " + cp.seq() + ", but the trail ends at record "
                                + head + ": records were cut from its end.");
            }
            Optional<StoredAuditEvent> record = tx.read(c -> repository.find(c, cp.seq()));
            if (record.isEmpty() || !record.get().hash().equalsIgnoreCase(cp.hash())) {
                return broken(
                        cp.seq() - 1,
                        intact.checkpointsVerified(),
                        cp.seq(),
                        record.isEmpty() ? ChainProblem.TRUNCATED : ChainProblem.HASH_MISMATCH,
                        "Record " + cp.seq() + " no longer has the hash the witness holds for it: the trail was"
                                + " rewritten.");
            }
        }
        return new ChainVerification(
                true,
                intact.verifiedUpTo(),
                intact.checkpointsVerified(),
                null,
                null,
                intact.detail() + " The " + witnessed.size() + " checkpoints of the witness match it.",
                intact.verifiedAt());
    }

    private List<StoredAuditEvent> readPage(long afterSeq, long upToSeq) {
        return tx.read(c -> repository.chainPage(c, afterSeq, upToSeq, PAGE));
    }

    private static boolean validSignature(CheckpointKeys.SignatureCheck signatures, AuditCheckpoint cp) {
        return signatures.verify(cp.keyId(), cp.seq(), cp.hash(), cp.createdAt(), cp.signature());
    }

    private ChainVerification missing(long verifiedUpTo, int checkpoints, long lastCheckpointSeq, int allowed) {
        long due = lastCheckpointSeq + allowed;
        return broken(
                Math.min(verifiedUpTo, due - 1),
                checkpoints,
                due,
                ChainProblem.CHECKPOINT_MISSING,
                "The signed checkpoint due at record " + due + " is missing: no checkpoint follows record "
                        + lastCheckpointSeq + " within " + allowed + " records, so one was deleted.");
    }

    private ChainVerification broken(
            long verifiedUpTo, int checkpoints, long brokenAt, ChainProblem problem, String detail) {
        return new ChainVerification(false, verifiedUpTo, checkpoints, brokenAt, problem, detail, clock.instant());
    }
}
