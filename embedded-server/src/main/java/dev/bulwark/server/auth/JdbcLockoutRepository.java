package dev.bulwark.server.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@link LockoutRepository} over JDBC. */
public final class JdbcLockoutRepository implements LockoutRepository {
    @Override
    public void lockAccount(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM app_user WHERE id = ? FOR UPDATE")) {
            s.setObject(1, userId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
            }
        }
    }

    @Override
    public Map<UUID, LockoutState> states(Connection c, Collection<UUID> userIds, Instant windowStart)
            throws SQLException {
        Map<UUID, LockoutState> states = new HashMap<>();
        if (userIds.isEmpty()) {
            return states;
        }
        List<UUID> ids = List.copyOf(userIds);
        String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement s = c.prepareStatement(
                "SELECT user_id, consecutive_failures, failures_toward_lock, lock_count, locked_until"
                        + " FROM sign_in_lockout WHERE user_id IN (" + in + ")")) {
            bind(s, 1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    states.put(
                            r.getObject("user_id", UUID.class),
                            new LockoutState(r.getInt("consecutive_failures"), counter(r), 0, null));
                }
            }
        }
        try (PreparedStatement s =
                c.prepareStatement("SELECT user_id, COUNT(*) AS failures, MIN(failed_at) AS oldest FROM sign_in_failure"
                        + " WHERE failed_at > ? AND user_id IN (" + in + ") GROUP BY user_id")) {
            s.setTimestamp(1, Timestamp.from(windowStart));
            bind(s, 2, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    UUID id = r.getObject("user_id", UUID.class);
                    LockoutState known = states.getOrDefault(id, LockoutState.NONE);
                    states.put(
                            id,
                            new LockoutState(
                                    known.consecutiveFailures(),
                                    known.lock(),
                                    r.getInt("failures"),
                                    instant(r, "oldest")));
                }
            }
        }
        return states;
    }

    @Override
    public void insertAttempt(Connection c, UUID attemptId, UUID userId, Instant at, Instant windowStart)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("DELETE FROM sign_in_failure WHERE user_id = ? AND failed_at <= ?")) {
            s.setObject(1, userId);
            s.setTimestamp(2, Timestamp.from(windowStart));
            s.executeUpdate();
        }
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO sign_in_failure (id, user_id, failed_at) VALUES (?, ?, ?)")) {
            s.setObject(1, attemptId);
            s.setObject(2, userId);
            s.setTimestamp(3, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    @Override
    public void deleteAttempt(Connection c, UUID attemptId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM sign_in_failure WHERE id = ?")) {
            s.setObject(1, attemptId);
            s.executeUpdate();
        }
    }

    @Override
    public LockoutState.LockCounter addressCounter(Connection c, UUID userId, String ip) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT failures_toward_lock, lock_count, locked_until FROM sign_in_address_lockout
                 WHERE user_id = ? AND ip = ?
                """)) {
            s.setObject(1, userId);
            s.setString(2, ip);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? counter(r) : LockoutState.LockCounter.NONE;
            }
        }
    }

    @Override
    public boolean trusted(Connection c, UUID userId, String ip, Instant since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM sign_in_trusted_address WHERE user_id = ? AND ip = ? AND last_success_at > ?")) {
            s.setObject(1, userId);
            s.setString(2, ip);
            s.setTimestamp(3, Timestamp.from(since));
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    @Override
    public void saveFailure(
            Connection c, UUID userId, int consecutiveFailures, LockoutState.LockCounter lock, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE sign_in_lockout SET consecutive_failures = ?, failures_toward_lock = ?, lock_count = ?,
                       locked_until = ?, last_failure_at = ?
                 WHERE user_id = ?
                """)) {
            s.setInt(1, consecutiveFailures);
            bindCounter(s, 2, lock);
            s.setTimestamp(5, Timestamp.from(at));
            s.setObject(6, userId);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO sign_in_lockout
                       (user_id, consecutive_failures, failures_toward_lock, lock_count, locked_until, last_failure_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, userId);
            s.setInt(2, consecutiveFailures);
            bindCounter(s, 3, lock);
            s.setTimestamp(6, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    @Override
    public void saveAddressCounter(Connection c, UUID userId, String ip, LockoutState.LockCounter counter)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE sign_in_address_lockout SET failures_toward_lock = ?, lock_count = ?, locked_until = ?
                 WHERE user_id = ? AND ip = ?
                """)) {
            bindCounter(s, 1, counter);
            s.setObject(4, userId);
            s.setString(5, ip);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO sign_in_address_lockout (user_id, ip, failures_toward_lock, lock_count, locked_until)
                VALUES (?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, userId);
            s.setString(2, ip);
            bindCounter(s, 3, counter);
            s.executeUpdate();
        }
    }

    @Override
    public void signedIn(Connection c, UUID userId, String ip, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM sign_in_lockout WHERE user_id = ? AND (locked_until IS NULL OR locked_until <= ?)")) {
            s.setObject(1, userId);
            s.setTimestamp(2, Timestamp.from(now));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE sign_in_lockout SET consecutive_failures = 0, failures_toward_lock = 0 WHERE user_id = ?")) {
            s.setObject(1, userId);
            s.executeUpdate();
        }
        try (PreparedStatement s =
                c.prepareStatement("DELETE FROM sign_in_address_lockout WHERE user_id = ? AND ip = ?")) {
            s.setObject(1, userId);
            s.setString(2, ip);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE sign_in_trusted_address SET last_success_at = ? WHERE user_id = ? AND ip = ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, userId);
            s.setString(3, ip);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO sign_in_trusted_address (user_id, ip, last_success_at) VALUES (?, ?, ?)")) {
            s.setObject(1, userId);
            s.setString(2, ip);
            s.setTimestamp(3, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    @Override
    public void clear(Connection c, UUID userId) throws SQLException {
        for (String table : List.of("sign_in_lockout", "sign_in_address_lockout", "sign_in_failure")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE user_id = ?")) {
                s.setObject(1, userId);
                s.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement s, int first, List<UUID> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            s.setObject(first + i, ids.get(i));
        }
    }

    private static LockoutState.LockCounter counter(ResultSet r) throws SQLException {
        return new LockoutState.LockCounter(
                r.getInt("failures_toward_lock"), r.getInt("lock_count"), instant(r, "locked_until"));
    }

    private static void bindCounter(PreparedStatement s, int first, LockoutState.LockCounter counter)
            throws SQLException {
        s.setInt(first, counter.failuresTowardLock());
        s.setInt(first + 1, counter.locks());
        s.setTimestamp(first + 2, counter.lockedUntil() == null ? null : Timestamp.from(counter.lockedUntil()));
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
