package dev.bulwark.model.auth;

import java.time.Instant;

/**
 * An email code is on its way.
 *
 * @param nextSendAt the earliest time another code may be asked for
 * @param expiresAt when this code stops being accepted
 */
public record MfaEmailSent(Instant nextSendAt, Instant expiresAt) {}
