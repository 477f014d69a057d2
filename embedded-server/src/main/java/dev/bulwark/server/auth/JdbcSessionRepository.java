package dev.bulwark.server.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link SessionRepository} over JDBC. */
public final class JdbcSessionRepository implements SessionRepository {
    @Override
    public void insert(Connection c, StoredSession session) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO user_session (id, user_id, auth_method, created_at, last_used_at, expires_at, ip, client)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, session.id());
            s.setObject(2, session.userId());
            s.setString(3, session.authMethod());
            s.setTimestamp(4, Timestamp.from(session.createdAt()));
            s.setTimestamp(5, Timestamp.from(session.lastUsedAt()));
            s.setTimestamp(6, Timestamp.from(session.expiresAt()));
            s.setString(7, session.ip());
            s.setString(8, session.client());
            s.executeUpdate();
        }
    }

    @Override
    public Optional<StoredSession> find(Connection c, UUID sessionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id, user_id, auth_method, created_at, last_used_at, expires_at, revoked_at, ip, client
                  FROM user_session WHERE id = ?
                """)) {
            s.setObject(1, sessionId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(map(r)) : Optional.empty();
            }
        }
    }

    @Override
    public List<StoredSession> listOpenOfUser(Connection c, UUID userId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id, user_id, auth_method, created_at, last_used_at, expires_at, revoked_at, ip, client
                  FROM user_session
                 WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
                 ORDER BY created_at DESC, id
                """)) {
            s.setObject(1, userId);
            s.setTimestamp(2, Timestamp.from(now));
            List<StoredSession> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(map(r));
                }
            }
            return result;
        }
    }

    @Override
    public void touch(Connection c, UUID sessionId, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE user_session SET last_used_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, sessionId);
            s.executeUpdate();
        }
    }

    @Override
    public void revoke(Connection c, UUID sessionId, String reason, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE user_session SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, reason);
            s.setObject(3, sessionId);
            s.executeUpdate();
        }
    }

    @Override
    public int revokeAllOfUser(Connection c, UUID userId, UUID keep, String reason, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE user_session SET revoked_at = ?, revoked_reason = ?
                 WHERE user_id = ? AND revoked_at IS NULL AND (CAST(? AS UUID) IS NULL OR id <> ?)
                """)) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, reason);
            s.setObject(3, userId);
            s.setObject(4, keep);
            s.setObject(5, keep);
            return s.executeUpdate();
        }
    }

    @Override
    public void insertRefreshToken(Connection c, String tokenHash, UUID sessionId, Instant at) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO refresh_token (token_hash, session_id, issued_at) VALUES (?, ?, ?)")) {
            s.setString(1, tokenHash);
            s.setObject(2, sessionId);
            s.setTimestamp(3, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    @Override
    public Optional<StoredRefreshToken> findRefreshToken(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT session_id, used_at FROM refresh_token WHERE token_hash = ?")) {
            s.setString(1, tokenHash);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                Timestamp used = r.getTimestamp("used_at");
                return Optional.of(new StoredRefreshToken(
                        r.getObject("session_id", UUID.class), used == null ? null : used.toInstant()));
            }
        }
    }

    @Override
    public boolean markRefreshTokenUsed(Connection c, String tokenHash, Instant at) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE refresh_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, tokenHash);
            return s.executeUpdate() == 1;
        }
    }

    private static StoredSession map(ResultSet r) throws SQLException {
        Timestamp revoked = r.getTimestamp("revoked_at");
        return new StoredSession(
                r.getObject("id", UUID.class),
                r.getObject("user_id", UUID.class),
                r.getString("auth_method"),
                r.getTimestamp("created_at").toInstant(),
                r.getTimestamp("last_used_at").toInstant(),
                r.getTimestamp("expires_at").toInstant(),
                revoked == null ? null : revoked.toInstant(),
                r.getString("ip"),
                r.getString("client"));
    }
}
