package dev.bulwark.model.auth;

import dev.bulwark.model.Secret;

/**
 * Completes a sign-in with a second factor ({@code POST /api/v1/auth/mfa}).
 *
 * @param challengeId the id from {@link MfaChallenge}
 * @param method which factor the code is from
 * @param code the code the user typed
 */
public record MfaVerifyRequest(Secret challengeId, MfaMethod method, Secret code) {}
