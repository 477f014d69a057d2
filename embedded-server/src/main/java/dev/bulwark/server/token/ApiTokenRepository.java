package dev.bulwark.server.token;

import dev.bulwark.model.permission.Module;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Stores API tokens by the SHA-256 of their value, never the value. Every method runs in the caller's transaction. */
public interface ApiTokenRepository {
    /**
     * A token as stored.
     *
     * @param modules the modules it is narrowed to, or {@code null} for every module
     */
    record StoredApiToken(
            UUID id,
            UUID userId,
            String name,
            Instant createdAt,
            Instant expiresAt,
            Set<Module> modules,
            boolean readOnly,
            Instant lastUsedAt,
            String lastUsedIp,
            Instant revokedAt) {
        /** Whether the token may still be used at {@code now}. */
        public boolean isUsableAt(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    void insert(Connection c, StoredApiToken token, String tokenHash) throws SQLException;

    Optional<StoredApiToken> findByHash(Connection c, String tokenHash) throws SQLException;

    Optional<StoredApiToken> find(Connection c, UUID id) throws SQLException;

    /** The user's tokens that are not revoked, newest first. */
    List<StoredApiToken> listUnrevokedOfUser(Connection c, UUID userId) throws SQLException;

    /** How many of the user's tokens are neither revoked nor expired at {@code now}. */
    int countUsableOfUser(Connection c, UUID userId, Instant now) throws SQLException;

    /** Records a use; cheap enough to call at most once a minute per token. */
    void touch(Connection c, UUID id, Instant at, String ip) throws SQLException;

    /** Revokes one token; false when it was revoked already. */
    boolean revoke(Connection c, UUID id, String reason, Instant at) throws SQLException;

    /** Revokes every token of a user that is not revoked yet; returns how many. */
    int revokeAllOfUser(Connection c, UUID userId, String reason, Instant at) throws SQLException;
}
