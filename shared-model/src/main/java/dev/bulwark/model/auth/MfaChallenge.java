package dev.bulwark.model.auth;

import dev.bulwark.model.Secret;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST /api/v1/auth/login} when a second factor is needed. No tokens are issued yet.
 *
 * <p>Security guarantee: the challenge id is the only thing the client holds; codes and the challenge's state
 * stay on the server, stored hashed, bound to the user and the address the password came from.
 *
 * @param mfaRequired always {@code true}; tells this answer from {@link SessionTokens}
 * @param challengeId an opaque id to send with the code
 * @param methods the second factors this user can use, in the order to offer them
 * @param expiresAt when the challenge can no longer be completed
 * @param emailSent whether an email code was sent already
 */
public record MfaChallenge(
        boolean mfaRequired, Secret challengeId, List<MfaMethod> methods, Instant expiresAt, boolean emailSent) {
    public MfaChallenge {
        methods = methods == null ? List.of() : List.copyOf(methods);
    }
}
