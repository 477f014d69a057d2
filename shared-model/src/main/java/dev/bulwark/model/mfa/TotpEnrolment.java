package dev.bulwark.model.mfa;

import dev.bulwark.model.Secret;

/**
 * A new authenticator secret, not yet in force ({@code POST /api/v1/me/mfa/totp}); shown once, to be confirmed
 * with a code.
 *
 * @param secret the shared key in Base32, for typing into an app by hand
 * @param otpauthUri the {@code otpauth://totp/...} URI a QR code carries
 */
public record TotpEnrolment(Secret secret, Secret otpauthUri) {}
