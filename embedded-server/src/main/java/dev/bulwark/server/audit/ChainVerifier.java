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
import java.util.List;

/**
 * Recomputes the audit chain and reports how far it is intact.
 *
 * <p>Reads the records in pages of {@value #PAGE} by sequence number, so memory stays constant however long the
 * trail is. For each record it checks: the sequence number follows the previous one (else {@code GAP}); its
 * previous hash is the previous record's hash (else {@code BROKEN_LINK}); its hash matches its content (else
 * {@code HASH_MISMATCH}). Each checkpoint must carry a valid signature by a published key and the hash of the
 * record it names ({@code CHECKPOINT_INVALID}); records the head or a checkpoint vouches for must exist ({@code
 * TRUNCATED}). Records appended while a verification runs are left for the next one. Needs no secret key.
 */
public final class ChainVerifier {
    static final int PAGE = 1_000;

    private final Transactions tx;
    private final AuditRepository repository = new AuditRepository();
    private final Clock clock;

    public ChainVerifier(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Verifies the whole trail. */
    public ChainVerification verify() {
        record Snapshot(AuditRepository.Head head, List<AuditCheckpoint> checkpoints, JWKSet keys) {}
        Snapshot snapshot = tx.read(c -> {
            // checkpoints before the head: the head then covers every checkpoint read, even with appends running
            List<AuditCheckpoint> checkpoints = repository.checkpoints(c);
            return new Snapshot(repository.readHead(c), checkpoints, CheckpointKeys.publicKeys(c));
        });
        long target = snapshot.head().lastSeq();
        Deque<AuditCheckpoint> pending = new ArrayDeque<>(snapshot.checkpoints().stream()
                .sorted(Comparator.comparingLong(AuditCheckpoint::seq))
                .toList());
        int checkpointsVerified = 0;
        CheckpointKeys.SignatureCheck signatures = new CheckpointKeys.SignatureCheck(snapshot.keys());
        AuditCheckpoint newest =
                snapshot.checkpoints().isEmpty() ? null : snapshot.checkpoints().getFirst();
        long vouchedUpTo = Math.max(target, newest == null ? 0 : newest.seq());

        long lastSeq = 0;
        String lastHash = StoredAuditEvent.GENESIS_HASH;
        String hashAtHead = target == 0 ? StoredAuditEvent.GENESIS_HASH : null;
        while (true) {
            long after = lastSeq;
            List<StoredAuditEvent> page = tx.read(c -> repository.chainPage(c, after, vouchedUpTo, PAGE));
            for (StoredAuditEvent e : page) {
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
                String computed = e.computeHash(lastHash);
                if (!computed.equals(e.hash())) {
                    return broken(
                            lastSeq,
                            checkpointsVerified,
                            e.seq(),
                            ChainProblem.HASH_MISMATCH,
                            "Record " + e.seq() + " does not match its hash: it was changed.");
                }
                while (!pending.isEmpty() && pending.peekFirst().seq() <= e.seq()) {
                    AuditCheckpoint cp = pending.pollFirst();
                    if (cp.seq() != e.seq() || !cp.hash().equals(e.hash()) || !validSignature(signatures, cp)) {
                        return broken(
                                lastSeq,
                                checkpointsVerified,
                                cp.seq(),
                                ChainProblem.CHECKPOINT_INVALID,
                                "The signed checkpoint at record " + cp.seq()
                                        + " does not match the trail or its signature is not valid.");
                    }
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
        if (lastSeq < vouchedUpTo) {
            return broken(
                    lastSeq,
                    checkpointsVerified,
                    lastSeq + 1,
                    ChainProblem.TRUNCATED,
                    "Records after " + lastSeq + " are missing: the trail's head or a signed checkpoint names record "
                            + vouchedUpTo + ".");
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
                "The audit trail is intact up to record " + lastSeq + ".",
                clock.instant());
    }

    private static boolean validSignature(CheckpointKeys.SignatureCheck signatures, AuditCheckpoint cp) {
        return signatures.verify(cp.keyId(), cp.seq(), cp.hash(), cp.createdAt(), cp.signature());
    }

    private ChainVerification broken(
            long verifiedUpTo, int checkpoints, long brokenAt, ChainProblem problem, String detail) {
        return new ChainVerification(false, verifiedUpTo, checkpoints, brokenAt, problem, detail, clock.instant());
    }
}
