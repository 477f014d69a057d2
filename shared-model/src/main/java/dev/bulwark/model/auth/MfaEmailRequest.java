package dev.bulwark.model.auth;

import dev.bulwark.model.Secret;

/**
 * Asks for an email code for a pending challenge ({@code POST /api/v1/auth/mfa/email}); a new code replaces the
 * previous one.
 *
 * @param challengeId the id from {@link MfaChallenge}
 */
public record MfaEmailRequest(Secret challengeId) {}
