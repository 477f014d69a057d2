package dev.bulwark.model.mfa;

import dev.bulwark.model.Secret;

/**
 * Proves the caller holds a factor: a current authenticator code, or (where allowed) the password.
 *
 * @param code a code from the authenticator app, or null
 * @param password the account password, or null
 */
public record MfaCodeRequest(Secret code, Secret password) {}
