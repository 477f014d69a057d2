package dev.bulwark.server.auth;

import dev.bulwark.server.ServerSettings.LockoutSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When failed checks lock an account (PRODUCT §2 "Brute force", ASVS 2.2.1, decision 0029): arithmetic over the
 * stored state only, so the schedule is tested without a server or a clock.
 *
 * <p>A counter (of the account, or of one address of it) locks when its failures since the last lock ended
 * reach the threshold; each lock since the last completed sign-in lasts twice as long as the one before, up to
 * the maximum: 1, 2, 4, 8, 15, 15… minutes by default, each after a fresh run of 10 failures. A lock always ends
 * by itself. The account's lock does not hold at addresses the account signed in from (trusted ones); the
 * address's own lock does. Independently, no account gets more failed checks than the hourly cap in any sliding
 * hour; of that cap, a tenth is kept for trusted addresses, so strangers use at most the rest.
 */
public final class LockoutPolicy {
    /** The window of the hourly cap. */
    public static final Duration CAP_WINDOW = Duration.ofHours(1);

    /** How long a completed sign-in from an address makes it trusted. */
    public static final Duration TRUST_WINDOW = Duration.ofDays(90);

    private final LockoutSettings settings;

    public LockoutPolicy(LockoutSettings settings) {
        this.settings = settings;
    }

    /** How long the {@code lockNumber}-th lock since the last completed sign-in lasts (the first is 1). */
    public Duration waitFor(int lockNumber) {
        Duration wait = settings.baseWait();
        for (int i = 1; i < lockNumber && wait.compareTo(settings.maxWait()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : wait;
    }

    /**
     * The counter after one more failure at {@code now}: unchanged while its lock holds (a failure then is not
     * counted), else one failure more, and a new, longer lock when that reaches the threshold.
     */
    public LockoutState.LockCounter afterFailure(LockoutState.LockCounter counter, Instant now) {
        if (counter.lockedAt(now)) {
            return counter;
        }
        int failures = counter.failuresTowardLock() + 1;
        if (failures < settings.threshold()) {
            return new LockoutState.LockCounter(failures, counter.locks(), counter.lockedUntil());
        }
        int locks = counter.locks() == Integer.MAX_VALUE ? counter.locks() : counter.locks() + 1;
        return new LockoutState.LockCounter(0, locks, now.plus(waitFor(locks)));
    }

    /**
     * Until when a check of an account in {@code state}, from an address with counter {@code address}, is
     * refused at {@code now}; empty when it may be made.
     *
     * @param trusted whether the account completed a sign-in from the address (within {@link #TRUST_WINDOW})
     */
    public Optional<Instant> lockedUntil(
            LockoutState state, LockoutState.LockCounter address, boolean trusted, Instant now) {
        Instant until = null;
        if (!trusted && state.lock().lockedAt(now)) {
            until = state.lock().lockedUntil();
        }
        if (address.lockedAt(now)) {
            until = later(until, address.lockedUntil());
        }
        int cap = trusted ? settings.maxFailuresPerHour() : strangersCap();
        if (state.failuresInWindow() >= cap && state.oldestFailureInWindow() != null) {
            Instant capEnds = state.oldestFailureInWindow().plus(CAP_WINDOW);
            if (capEnds.isAfter(now)) {
                until = later(until, capEnds);
            }
        }
        return Optional.ofNullable(until);
    }

    /** The failed checks per hour that addresses the account never signed in from may use together. */
    public int strangersCap() {
        return settings.maxFailuresPerHour() - settings.maxFailuresPerHour() / 10;
    }

    /** The consecutive failures that lock an account. */
    public int threshold() {
        return settings.threshold();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
