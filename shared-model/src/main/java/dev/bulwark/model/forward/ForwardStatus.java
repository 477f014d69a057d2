package dev.bulwark.model.forward;

import java.time.Instant;

/**
 * Where a destination's delivery stands.
 *
 * @param lastForwardedSeq the newest record the receiver accepted (0: none yet); everything up to it was delivered
 * @param headSeq the newest record of the trail
 * @param lagRecords records written but not yet delivered
 * @param lagSeconds how long the oldest undelivered record has waited, in seconds; 0 when nothing waits
 * @param deliveredAt when a batch was last accepted, or null
 * @param attemptedAt when a delivery was last tried, or null
 * @param failures failed attempts in a row since the last success
 * @param lastError the last failure in one sentence (never a secret), or null
 * @param lastErrorAt when it happened, or null
 */
public record ForwardStatus(
        long lastForwardedSeq,
        long headSeq,
        long lagRecords,
        long lagSeconds,
        Instant deliveredAt,
        Instant attemptedAt,
        int failures,
        String lastError,
        Instant lastErrorAt) {}
