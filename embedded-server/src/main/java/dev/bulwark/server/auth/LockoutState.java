package dev.bulwark.server.auth;

import java.time.Instant;

/**
 * What the server knows about an account's failed sign-ins.
 *
 * @param consecutiveFailures failed password checks since the last success
 * @param lockedUntil the end of the last lock, or {@code null}; may be in the past
 * @param failuresInWindow password checks of the last hour that did not succeed
 * @param oldestFailureInWindow the oldest of them, or {@code null}
 */
public record LockoutState(
        int consecutiveFailures, Instant lockedUntil, int failuresInWindow, Instant oldestFailureInWindow) {
    /** An account without failures. */
    public static final LockoutState NONE = new LockoutState(0, null, 0, null);
}
