package dev.bulwark.server.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** Stores failed checks and locks per account and per address of it. Every method runs in the caller's transaction. */
public interface LockoutRepository {
    /**
     * Locks the account's user row until the transaction ends, so concurrent checks of one account are counted
     * one after the other, on every node.
     */
    void lockAccount(Connection c, UUID userId) throws SQLException;

    /** The state of each of {@code userIds} that has failures; accounts without any are left out. */
    Map<UUID, LockoutState> states(Connection c, Collection<UUID> userIds, Instant windowStart) throws SQLException;

    /** The counter of the (account, address) pair. */
    LockoutState.LockCounter addressCounter(Connection c, UUID userId, String ip) throws SQLException;

    /** Whether the account completed a sign-in from {@code ip} after {@code since}. */
    boolean trusted(Connection c, UUID userId, String ip, Instant since) throws SQLException;

    /** Notes a check that has not succeeded (yet); its id lets a success take it back. */
    void insertAttempt(Connection c, UUID attemptId, UUID userId, Instant at, Instant windowStart) throws SQLException;

    /** Takes back an attempt whose secret was right. */
    void deleteAttempt(Connection c, UUID attemptId) throws SQLException;

    /** Stores the account's failures and lock counter after a failure. */
    void saveFailure(Connection c, UUID userId, int consecutiveFailures, LockoutState.LockCounter lock, Instant at)
            throws SQLException;

    /** Stores the (account, address) counter after a failure. */
    void saveAddressCounter(Connection c, UUID userId, String ip, LockoutState.LockCounter counter) throws SQLException;

    /**
     * A completed sign-in from {@code ip}: forgets the account's consecutive failures (a lock still in force keeps
     * its end and level) and the address's counter, and trusts the address.
     */
    void signedIn(Connection c, UUID userId, String ip, Instant now) throws SQLException;

    /** Forgets everything about the account's failures (an administrator unlocked it). */
    void clear(Connection c, UUID userId) throws SQLException;
}
