package dev.bulwark.model.mfa;

import java.time.Instant;

/**
 * The caller's second factors ({@code GET /api/v1/me/mfa}).
 *
 * @param policyEnabled whether sign-ins from new addresses need a second factor on this server
 * @param emailAvailable whether the server can mail codes (mail is configured)
 * @param totpEnrolled whether an authenticator app is set up and confirmed
 * @param totpEnrolledAt when it was confirmed, or null
 * @param recoveryCodesLeft unused recovery codes
 */
public record MfaStatus(
        boolean policyEnabled,
        boolean emailAvailable,
        boolean totpEnrolled,
        Instant totpEnrolledAt,
        int recoveryCodesLeft) {}
