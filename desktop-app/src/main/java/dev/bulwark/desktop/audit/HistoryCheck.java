package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.client.AuditClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a server's audit trail against the checkpoint this console pinned for it, checks the signed checkpoints
 * itself against the keys it has seen sign for that server, then has the server recompute the chain. The chain alone cannot reveal a history rewritten from the start or cut at its end with a matching
 * head; the pinned record can, because its hash covers every record before it. Blocks; run it in the background.
 */
final class HistoryCheck {
    private HistoryCheck() {}

    /**
     * What one check found.
     *
     * @param verification the server's verification of its chain
     * @param changed the pinned checkpoint the history no longer holds; {@code null} when it still does
     * @param nowPinned the checkpoint to pin now; {@code null} when nothing new may be pinned
     * @param signatureProblem what the console's own check of the signed checkpoints found wrong; {@code null} when
     *     they verify by keys it has seen sign for this server
     */
    record Result(
            ChainVerification verification,
            PinnedCheckpoint changed,
            PinnedCheckpoint nowPinned,
            String signatureProblem) {
        boolean historyChanged() {
            return changed != null;
        }
    }

    /**
     * @param whole whether the server recomputes the whole chain; otherwise, when the pinned record still holds,
     *     only what follows it (a record edited in place before the pin is then left to the next whole check)
     */
    static Result run(AuditClient audit, Optional<PinnedCheckpoint> pinned, Instant now, boolean whole) {
        PinnedCheckpoint changed = pinned.filter(pin -> !stillHolds(audit, pin)).orElse(null);
        boolean recomputeAll = whole || changed != null || pinned.isEmpty();
        ChainVerification verification =
                recomputeAll ? audit.verify() : audit.verifyFrom(pinned.get().seq());
        CheckpointSignatures.Result signatures = CheckpointSignatures.check(
                audit.checkpoints(),
                pinned.map(PinnedCheckpoint::seq).orElse(0L),
                pinned.map(PinnedCheckpoint::checkpointKeys).orElse(Map.of()));
        PinnedCheckpoint nowPinned = null;
        long upTo = verification.verifiedUpTo();
        if (changed == null
                && signatures.problem() == null
                && verification.intact()
                && upTo > 0
                && upTo >= pinned.map(PinnedCheckpoint::seq).orElse(0L)) {
            nowPinned = new PinnedCheckpoint(upTo, audit.event(upTo).hash(), now, signatures.keys());
        }
        return new Result(verification, changed, nowPinned, signatures.problem());
    }

    /** Whether the trail still has the pinned record with the pinned hash. */
    private static boolean stillHolds(AuditClient audit, PinnedCheckpoint pin) {
        AuditEvent event;
        try {
            event = audit.event(pin.seq());
        } catch (ApiException e) {
            if (e.type() == ProblemType.NOT_FOUND) {
                return false;
            }
            throw e;
        }
        return pin.hash().equalsIgnoreCase(event.hash());
    }
}
