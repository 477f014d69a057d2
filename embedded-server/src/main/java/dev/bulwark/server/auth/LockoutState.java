package dev.bulwark.server.auth;

import java.time.Instant;

/**
 * What the server knows about an account's failed sign-ins.
 *
 * @param consecutiveFailures failed checks since the last completed sign-in
 * @param lock the account's lock counter (it holds at every address the account has not signed in from)
 * @param failuresInWindow checks of the last hour that did not succeed
 * @param oldestFailureInWindow the oldest of them, or {@code null}
 */
public record LockoutState(
        int consecutiveFailures, LockCounter lock, int failuresInWindow, Instant oldestFailureInWindow) {
    /** An account without failures. */
    public static final LockoutState NONE = new LockoutState(0, LockCounter.NONE, 0, null);

    /** The end of the account's last lock, or {@code null}; may be in the past. */
    public Instant lockedUntil() {
        return lock.lockedUntil();
    }

    /**
     * One lock counter, of an account or of an (account, address) pair.
     *
     * @param failuresTowardLock failures since the last lock ended (or the last completed sign-in)
     * @param locks the locks since the last completed sign-in; the next one lasts twice as long
     * @param lockedUntil the end of the last lock, or {@code null}; may be in the past
     */
    public record LockCounter(int failuresTowardLock, int locks, Instant lockedUntil) {
        /** A counter without failures. */
        public static final LockCounter NONE = new LockCounter(0, 0, null);

        /** Whether the lock holds at {@code now}. */
        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }
}
