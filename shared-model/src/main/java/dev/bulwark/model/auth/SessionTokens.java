package dev.bulwark.model.auth;

import dev.bulwark.model.Secret;
import dev.bulwark.model.user.User;
import java.time.Instant;
import java.util.UUID;

/**
 * The tokens of a session, returned by sign-in and refresh.
 *
 * @param accessToken a short-lived signed bearer token for API calls
 * @param refreshToken an opaque single-use token for {@code /auth/refresh}
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until the access token expires
 * @param sessionId the session's id
 * @param sessionExpiresAt when the session ends at the latest, whatever its use
 * @param user the signed-in user
 */
public record SessionTokens(
        Secret accessToken,
        Secret refreshToken,
        String tokenType,
        long expiresIn,
        UUID sessionId,
        Instant sessionExpiresAt,
        User user) {}
