package dev.bulwark.server.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** Stores failed sign-ins and locks per account. Every method runs in the caller's transaction. */
public interface LockoutRepository {
    /**
     * Locks the account's user row until the transaction ends, so concurrent sign-ins of one account are
     * counted one after the other, on every node.
     */
    void lockAccount(Connection c, UUID userId) throws SQLException;

    /** The state of each of {@code userIds} that has failures; accounts without any are left out. */
    Map<UUID, LockoutState> states(Connection c, Collection<UUID> userIds, Instant windowStart) throws SQLException;

    /** Notes a password check that has not succeeded (yet); its id lets a success take it back. */
    void insertAttempt(Connection c, UUID attemptId, UUID userId, Instant at, Instant windowStart) throws SQLException;

    /** Takes back an attempt whose password was right. */
    void deleteAttempt(Connection c, UUID attemptId) throws SQLException;

    /** Stores the consecutive failures and the lock after a failure. */
    void saveFailure(Connection c, UUID userId, int consecutiveFailures, Instant lockedUntil, Instant at)
            throws SQLException;

    /** Forgets consecutive failures and the lock (a success); the hourly count stays. */
    void resetConsecutive(Connection c, UUID userId) throws SQLException;

    /** Forgets everything about the account's failures (an administrator unlocked it). */
    void clear(Connection c, UUID userId) throws SQLException;
}
