package dev.bulwark.model.mfa;

import dev.bulwark.model.Secret;

/**
 * Changes the sign-in settings ({@code PUT /api/v1/settings/sign-in}).
 *
 * @param mfaEnabled whether sign-ins from new addresses need a second factor
 * @param mailHost the SMTP host; empty turns mail off
 * @param mailPort its port
 * @param mailSecurity how the connection is protected
 * @param mailUsername the login, or empty
 * @param mailPassword a new password; null keeps the stored one, empty removes it
 * @param mailFrom the sender address
 */
public record UpdateSignInSettingsRequest(
        boolean mfaEnabled,
        String mailHost,
        int mailPort,
        MailSecurity mailSecurity,
        String mailUsername,
        Secret mailPassword,
        String mailFrom) {}
