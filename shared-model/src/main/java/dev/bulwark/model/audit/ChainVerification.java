package dev.bulwark.model.audit;

import java.time.Instant;

/**
 * The result of recomputing the audit chain.
 *
 * @param intact whether every record and checkpoint checked out
 * @param verifiedUpTo the highest sequence number up to which the chain is intact (0 for none)
 * @param checkpointsVerified how many signed checkpoints were checked
 * @param brokenAt the first sequence number that does not check out; {@code null} when intact
 * @param problem why it is broken; {@code null} when intact
 * @param detail a sentence a person understands
 * @param verifiedAt when the verification ran
 */
public record ChainVerification(
        boolean intact,
        long verifiedUpTo,
        int checkpointsVerified,
        Long brokenAt,
        ChainProblem problem,
        String detail,
        Instant verifiedAt) {}
