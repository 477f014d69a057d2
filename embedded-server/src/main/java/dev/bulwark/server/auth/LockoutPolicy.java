package dev.bulwark.server.auth;

import dev.bulwark.server.ServerSettings.LockoutSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When failed sign-ins lock an account (PRODUCT §2 "Brute force", ASVS 2.2.1): arithmetic over the stored state
 * only, so the schedule is tested without a server or a clock.
 *
 * <p>The failure that reaches the threshold locks the account for the base wait; every further failure (each one
 * possible only after the previous lock ended) doubles it, up to the maximum: 1, 2, 4, 8, 15, 15… minutes by
 * default. A lock always ends by itself. Independently, no account gets more password checks that fail than the
 * hourly cap allows in any sliding hour.
 */
public final class LockoutPolicy {
    /** The window of the hourly cap. */
    public static final Duration CAP_WINDOW = Duration.ofHours(1);

    private final LockoutSettings settings;

    public LockoutPolicy(LockoutSettings settings) {
        this.settings = settings;
    }

    /** How long the lock that follows the {@code consecutiveFailures}-th failure lasts; zero below the threshold. */
    public Duration waitAfter(int consecutiveFailures) {
        if (consecutiveFailures < settings.threshold()) {
            return Duration.ZERO;
        }
        Duration wait = settings.baseWait();
        for (int i = settings.threshold(); i < consecutiveFailures && wait.compareTo(settings.maxWait()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : wait;
    }

    /** Until when an account in {@code state} is locked at {@code now}; empty when it may try a password. */
    public Optional<Instant> lockedUntil(LockoutState state, Instant now) {
        Instant until = null;
        if (state.lockedUntil() != null && state.lockedUntil().isAfter(now)) {
            until = state.lockedUntil();
        }
        if (state.failuresInWindow() >= settings.maxFailuresPerHour() && state.oldestFailureInWindow() != null) {
            Instant capEnds = state.oldestFailureInWindow().plus(CAP_WINDOW);
            if (capEnds.isAfter(now) && (until == null || capEnds.isAfter(until))) {
                until = capEnds;
            }
        }
        return Optional.ofNullable(until);
    }

    /** The consecutive failures that lock an account. */
    public int threshold() {
        return settings.threshold();
    }
}
