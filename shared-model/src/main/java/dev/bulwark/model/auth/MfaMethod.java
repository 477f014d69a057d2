package dev.bulwark.model.auth;

/** A second factor that can complete a sign-in. */
public enum MfaMethod {
    /** A six-digit code mailed to the user's address. */
    EMAIL,
    /** A code from an authenticator app (RFC 6238). */
    TOTP,
    /** One of the user's single-use recovery codes. */
    RECOVERY
}
