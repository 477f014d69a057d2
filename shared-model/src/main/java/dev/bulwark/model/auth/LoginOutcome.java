package dev.bulwark.model.auth;

/** What a password sign-in leads to. */
public sealed interface LoginOutcome {
    /** The user is signed in. */
    record SignedIn(SessionTokens tokens) implements LoginOutcome {}
}
