package dev.bulwark.model.mfa;

/**
 * The sign-in settings administrators change at run time ({@code GET /api/v1/settings/sign-in}).
 *
 * @param mfaEnabled whether sign-ins from new addresses need a second factor
 * @param mail the SMTP server
 * @param changedInConsole whether these values were saved through the API (otherwise they come from the
 *     server's settings file and environment)
 */
public record SignInSettings(boolean mfaEnabled, MailServer mail, boolean changedInConsole) {}
