package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.client.AuditClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a server's audit trail against the checkpoint this console pinned for it, then has the server recompute
 * the chain. The chain alone cannot reveal a history rewritten from the start or cut at its end with a matching
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
     */
    record Result(ChainVerification verification, PinnedCheckpoint changed, PinnedCheckpoint nowPinned) {
        boolean historyChanged() {
            return changed != null;
        }
    }

    static Result run(AuditClient audit, Optional<PinnedCheckpoint> pinned, Instant now) {
        PinnedCheckpoint changed = pinned.filter(pin -> !stillHolds(audit, pin)).orElse(null);
        ChainVerification verification = audit.verify();
        PinnedCheckpoint nowPinned = null;
        long upTo = verification.verifiedUpTo();
        if (changed == null
                && verification.intact()
                && upTo > 0
                && upTo >= pinned.map(PinnedCheckpoint::seq).orElse(0L)) {
            nowPinned = new PinnedCheckpoint(upTo, audit.event(upTo).hash(), now);
        }
        return new Result(verification, changed, nowPinned);
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
