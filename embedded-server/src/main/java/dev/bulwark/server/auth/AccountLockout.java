package dev.bulwark.server.auth;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.ClientInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Counts failed checks of every factor per account and per (account, address), and locks by {@link LockoutPolicy}
 * (decision 0029); the state is in the database, so it survives restarts and holds on every node.
 *
 * <p>Security guarantees: every check (password, second-factor code, current password of a change) is noted
 * before the secret is checked (under a lock of the user's row) and taken back only when it was right, so
 * concurrent guesses cannot exceed the hourly cap or slip past a lock. Only a completed sign-in forgets failures;
 * a right password with a second factor still to come does not. A lock ends only after its time (or when an
 * administrator unlocks); strangers' failures cannot lock the account at the addresses its owner signed in from.
 */
public final class AccountLockout {
    /** The outcome of asking to check a secret. */
    public sealed interface Attempt {
        /** Locked for this address: do not check the secret. */
        record Locked(Instant until) implements Attempt {}

        /** The secret may be checked; {@code id} takes the attempt back when it was right. */
        record Open(UUID id) implements Attempt {}
    }

    /**
     * A failure as counted.
     *
     * @param consecutiveFailures failures since the last completed sign-in, this one included
     * @param lock how long this failure locked the account or the address; zero when it locked nothing
     * @param lockedUntil the end of that lock, or {@code null}
     * @param addressOnly whether only the address (not the whole account) was locked
     */
    public record Failure(int consecutiveFailures, Duration lock, Instant lockedUntil, boolean addressOnly) {
        public boolean locked() {
            return lockedUntil != null;
        }
    }

    /**
     * An account's lock as administrators see it.
     *
     * @param lockedUntil the end of the current lock of the account (for addresses it never signed in from), or
     *     {@code null} when not locked
     * @param consecutiveFailures failed checks since the last completed sign-in
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

    /**
     * Asks to check a secret of {@code userId} sent from {@code client}; notes the attempt unless it is locked. A
     * trusted proxy's own address is never one the user signed in from, whoever did (decision 0038).
     */
    public Attempt begin(Connection c, UUID userId, ClientInfo client, Instant now) throws SQLException {
        repository.lockAccount(c, userId);
        String ip = client.ip();
        boolean trusted =
                !client.ipIsTrustedProxy() && repository.trusted(c, userId, ip, now.minus(LockoutPolicy.TRUST_WINDOW));
        Optional<Instant> locked =
                policy.lockedUntil(state(c, userId, now), repository.addressCounter(c, userId, ip), trusted, now);
        if (locked.isPresent()) {
            return new Attempt.Locked(locked.get());
        }
        UUID id = UUID.randomUUID();
        repository.insertAttempt(c, id, userId, now, now.minus(LockoutPolicy.CAP_WINDOW));
        return new Attempt.Open(id);
    }

    /**
     * Counts a wrong secret from {@code ip} (its attempt stays noted for the hourly cap) and locks the account or
     * the address when due.
     */
    public Failure failed(Connection c, UUID userId, String ip, Instant now) throws SQLException {
        repository.lockAccount(c, userId);
        LockoutState state = state(c, userId, now);
        LockoutState.LockCounter account = policy.afterFailure(state.lock(), now);
        LockoutState.LockCounter addressBefore = repository.addressCounter(c, userId, ip);
        LockoutState.LockCounter address = policy.afterFailure(addressBefore, now);
        int failures =
                state.consecutiveFailures() == Integer.MAX_VALUE ? Integer.MAX_VALUE : state.consecutiveFailures() + 1;
        repository.saveFailure(c, userId, failures, account, now);
        repository.saveAddressCounter(c, userId, ip, address);
        if (account.locks() > state.lock().locks()) {
            return new Failure(failures, policy.waitFor(account.locks()), account.lockedUntil(), false);
        }
        if (address.locks() > addressBefore.locks()) {
            return new Failure(failures, policy.waitFor(address.locks()), address.lockedUntil(), true);
        }
        return new Failure(failures, Duration.ZERO, null, false);
    }

    /**
     * The secret was right: takes the attempt back. Failures stay counted until the sign-in is complete (see
     * {@link #signedIn}), so a right password does not excuse wrong second-factor codes.
     */
    public void passed(Connection c, UUID userId, UUID attemptId) throws SQLException {
        // The user row first, as everywhere here, so a concurrent failure of the same account cannot deadlock.
        repository.lockAccount(c, userId);
        repository.deleteAttempt(c, attemptId);
    }

    /**
     * A sign-in completed from {@code ip}: forgets consecutive failures (a lock in force still runs to its end)
     * and trusts the address.
     */
    public void signedIn(Connection c, UUID userId, String ip, Instant now) throws SQLException {
        repository.lockAccount(c, userId);
        repository.signedIn(c, userId, ip, now);
    }

    /** Ends a lock and forgets the account's failures; the status before. */
    public Status unlock(Connection c, UUID userId, Instant now) throws SQLException {
        repository.lockAccount(c, userId);
        Status before = statuses(c, List.of(userId), now).getOrDefault(userId, Status.NONE);
        repository.clear(c, userId);
        return before;
    }

    /** The lock status of each of {@code userIds} that has failures, as seen from an address it never used. */
    public Map<UUID, Status> statuses(Connection c, Collection<UUID> userIds, Instant now) throws SQLException {
        Map<UUID, LockoutState> states = repository.states(c, userIds, now.minus(LockoutPolicy.CAP_WINDOW));
        Map<UUID, Status> statuses = new HashMap<>();
        states.forEach((id, state) -> statuses.put(
                id,
                new Status(
                        policy.lockedUntil(state, LockoutState.LockCounter.NONE, false, now)
                                .orElse(null),
                        state.consecutiveFailures())));
        return statuses;
    }

    /** One check of a secret; may write (spending an authenticator step) in a transaction of its own. */
    @FunctionalInterface
    public interface Check {
        boolean right();
    }

    /**
     * Runs {@code check} of a secret of {@code user}, sent from {@code client}, under the lockout: a locked
     * account or address gets {@code decoy} instead (the same work, so the same time) and the answer of a wrong
     * secret; a wrong one is counted and may lock. Refusals and locks are audited in the transaction that counts
     * them; {@code refusal} builds the refusal record from its reason.
     *
     * @return whether the secret was right; the caller answers a wrong one exactly as it always did
     */
    public boolean guard(
            Transactions tx,
            AuditTrail audit,
            Clock clock,
            User user,
            ClientInfo client,
            String authMethod,
            String wrongReason,
            Check check,
            Runnable decoy,
            Function<String, AuditRecord> refusal) {
        Attempt attempt = tx.writeCommitted(c -> begin(c, user.id(), client, clock.instant()));
        if (attempt instanceof Attempt.Locked locked) {
            decoy.run();
            audit.recordAlone(refusal.apply("The account is locked until " + locked.until() + "."));
            return false;
        }
        UUID attemptId = ((Attempt.Open) attempt).id();
        if (check.right()) {
            tx.write(c -> {
                passed(c, user.id(), attemptId);
                return null;
            });
            return true;
        }
        tx.write(c -> {
            Failure failure = failed(c, user.id(), client.ip(), clock.instant());
            audit.record(c, refusal.apply(wrongReason));
            if (failure.locked()) {
                audit.record(c, lockRecord(failure, user, client, authMethod));
            }
            return null;
        });
        return false;
    }

    /** The consecutive failures that lock an account. */
    public int threshold() {
        return policy.threshold();
    }

    /**
     * The audit record of a failure that locked: {@code factor} names what was wrong ("sign-ins", "authenticator
     * codes", ...).
     */
    public static AuditRecord lockRecord(Failure failure, User user, ClientInfo client, String authMethod) {
        String what = failure.addressOnly() ? "Address " + client.ip() + " locked for " : "Locked for ";
        return AuditRecord.of(AuditAction.AUTH_LOCKOUT, AuditOutcome.DENIED)
                .anonymous(user.email())
                .authMethod(authMethod)
                .from(client)
                .target("user", user.id(), user.email())
                .reason(what + describe(failure.lock()) + " until " + failure.lockedUntil() + " after "
                        + failure.consecutiveFailures() + " failed sign-ins in a row.");
    }

    private static String describe(Duration wait) {
        long seconds = wait.toSeconds();
        if (seconds % 60 == 0) {
            return seconds / 60 + (seconds == 60 ? " minute" : " minutes");
        }
        return seconds + (seconds == 1 ? " second" : " seconds");
    }

    private LockoutState state(Connection c, UUID userId, Instant now) throws SQLException {
        return repository
                .states(c, List.of(userId), now.minus(LockoutPolicy.CAP_WINDOW))
                .getOrDefault(userId, LockoutState.NONE);
    }
}
