package dev.bulwark.model.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * A session as its owner and administrators see it. Never carries a token.
 *
 * @param id the session id
 * @param authMethod how it was signed in, for example {@code password}
 * @param createdAt when it started
 * @param lastUsedAt when it was last used
 * @param expiresAt when it ends at the latest
 * @param ip the address it was started from
 * @param client the client it was started from
 * @param current whether it is the session of the request that listed it
 */
public record SessionInfo(
        UUID id,
        String authMethod,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        String ip,
        String client,
        boolean current) {}
