package dev.bulwark.server.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stores sessions and the hashes of their refresh tokens. Every method runs in the caller's transaction. */
public interface SessionRepository {
    /** A session as stored. */
    record StoredSession(
            UUID id,
            UUID userId,
            String authMethod,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            Instant revokedAt,
            String ip,
            String client) {
        /** Whether the session may still be used at {@code now} given the idle timeout. */
        public boolean isActive(Instant now, java.time.Duration idleTimeout) {
            return revokedAt == null
                    && expiresAt.isAfter(now)
                    && lastUsedAt.plus(idleTimeout).isAfter(now);
        }
    }

    /** A refresh token's record: its session and whether it was used. */
    record StoredRefreshToken(UUID sessionId, Instant usedAt) {}

    void insert(Connection c, StoredSession session) throws SQLException;

    Optional<StoredSession> find(Connection c, UUID sessionId) throws SQLException;

    /** The sessions of a user that are neither revoked nor past their absolute expiry at {@code now}, newest first. */
    List<StoredSession> listOpenOfUser(Connection c, UUID userId, Instant now) throws SQLException;

    void touch(Connection c, UUID sessionId, Instant at) throws SQLException;

    /** Ends a session; no effect on one already ended. */
    void revoke(Connection c, UUID sessionId, String reason, Instant at) throws SQLException;

    /** Ends every session of a user except {@code keep} (may be null); returns how many ended. */
    int revokeAllOfUser(Connection c, UUID userId, UUID keep, String reason, Instant at) throws SQLException;

    void insertRefreshToken(Connection c, String tokenHash, UUID sessionId, Instant at) throws SQLException;

    Optional<StoredRefreshToken> findRefreshToken(Connection c, String tokenHash) throws SQLException;

    /** Marks a refresh token used; false when it was used already (another request won the race). */
    boolean markRefreshTokenUsed(Connection c, String tokenHash, Instant at) throws SQLException;
}
