package dev.bulwark.server.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Counts failed password checks per account and locks the account by {@link LockoutPolicy}; the state is in the
 * database, so it survives restarts and holds on every node.
 *
 * <p>Security guarantee: every password check is noted before the hash is computed (under a lock of the user's
 * row) and taken back only when the password was right, so concurrent guesses cannot exceed the hourly cap or
 * slip past a lock.
 */
public final class AccountLockout {
    /** The outcome of asking to check a password. */
    public sealed interface Attempt {
        /** The account is locked: do not check the password. */
        record Locked(Instant until) implements Attempt {}

        /** The password may be checked; {@code id} takes the attempt back when it was right. */
        record Open(UUID id) implements Attempt {}
    }

    /**
     * A failure as counted.
     *
     * @param consecutiveFailures failures since the last success, this one included
     * @param lock how long the account is now locked; zero when this failure did not lock it
     * @param lockedUntil the end of that lock, or {@code null}
     */
    public record Failure(int consecutiveFailures, Duration lock, Instant lockedUntil) {
        public boolean locked() {
            return lockedUntil != null;
        }
    }

    /**
     * An account's lock as administrators see it.
     *
     * @param lockedUntil the end of the current lock, or {@code null} when not locked
     * @param consecutiveFailures failed sign-ins since the last success
     */
    public record Status(Instant lockedUntil, int consecutiveFailures) {
        public static final Status NONE = new Status(null, 0);
    }

    private final LockoutRepository repository;
    private final LockoutPolicy policy;

    public AccountLockout(LockoutRepository repository, LockoutPolicy policy) {
        this.repository = repository;
        this.policy = policy;
    }

    /** Asks to check a password of {@code userId}; notes the attempt unless the account is locked. */
    public Attempt begin(Connection c, UUID userId, Instant now) throws SQLException {
        repository.lockAccount(c, userId);
        Optional<Instant> locked = policy.lockedUntil(state(c, userId, now), now);
        if (locked.isPresent()) {
            return new Attempt.Locked(locked.get());
        }
        UUID id = UUID.randomUUID();
        repository.insertAttempt(c, id, userId, now, now.minus(LockoutPolicy.CAP_WINDOW));
        return new Attempt.Open(id);
    }

    /** Counts a wrong password (its attempt stays noted for the hourly cap) and locks the account when due. */
    public Failure failed(Connection c, UUID userId, Instant now) throws SQLException {
        repository.lockAccount(c, userId);
        LockoutState state = state(c, userId, now);
        int failures = state.consecutiveFailures() + 1;
        Duration wait = policy.waitAfter(failures);
        Instant until = wait.isZero() ? null : now.plus(wait);
        repository.saveFailure(c, userId, failures, until == null ? state.lockedUntil() : until, now);
        return new Failure(failures, wait, until);
    }

    /** The password was right: takes the attempt back and forgets consecutive failures. */
    public void succeeded(Connection c, UUID userId, UUID attemptId) throws SQLException {
        // The user row first, as everywhere here, so a concurrent failure of the same account cannot deadlock.
        repository.lockAccount(c, userId);
        repository.deleteAttempt(c, attemptId);
        repository.resetConsecutive(c, userId);
    }

    /** Ends a lock and forgets the account's failures; the status before. */
    public Status unlock(Connection c, UUID userId, Instant now) throws SQLException {
        repository.lockAccount(c, userId);
        Status before = statuses(c, List.of(userId), now).getOrDefault(userId, Status.NONE);
        repository.clear(c, userId);
        return before;
    }

    /** The lock status of each of {@code userIds} that has failures. */
    public Map<UUID, Status> statuses(Connection c, Collection<UUID> userIds, Instant now) throws SQLException {
        Map<UUID, LockoutState> states = repository.states(c, userIds, now.minus(LockoutPolicy.CAP_WINDOW));
        Map<UUID, Status> statuses = new java.util.HashMap<>();
        states.forEach((id, state) ->
                statuses.put(id, new Status(policy.lockedUntil(state, now).orElse(null), state.consecutiveFailures())));
        return statuses;
    }

    /** The consecutive failures that lock an account. */
    public int threshold() {
        return policy.threshold();
    }

    private LockoutState state(Connection c, UUID userId, Instant now) throws SQLException {
        return repository
                .states(c, List.of(userId), now.minus(LockoutPolicy.CAP_WINDOW))
                .getOrDefault(userId, LockoutState.NONE);
    }
}
