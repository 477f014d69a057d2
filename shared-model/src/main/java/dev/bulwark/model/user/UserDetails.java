package dev.bulwark.model.user;

import java.time.Instant;

/**
 * A user as administrators see it: the user, the version to send back with a change, and the sign-in lock.
 *
 * @param user the user
 * @param version the row version for check-and-set updates
 * @param lockedUntil when the user's sign-in lock ends after repeated failed sign-ins, or {@code null} when the
 *     user is not locked
 * @param failedSignIns failed sign-ins since the user's last successful one
 */
public record UserDetails(User user, long version, Instant lockedUntil, int failedSignIns) {
    /** A user without failed sign-ins. */
    public UserDetails(User user, long version) {
        this(user, version, null, 0);
    }

    /** Whether the user's sign-in is locked at {@code now}. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
