package dev.bulwark.model.auth;

/** What a password sign-in leads to. */
public sealed interface LoginOutcome {
    /** The user is signed in. */
    record SignedIn(SessionTokens tokens) implements LoginOutcome {}

    /**
     * The password was right but the sign-in comes from an address the user has not signed in from before: a
     * second factor must complete it through {@code POST /api/v1/auth/mfa}.
     */
    record MfaRequired(MfaChallenge challenge) implements LoginOutcome {}
}
