package dev.bulwark.model.user;

import dev.bulwark.model.Secret;

/**
 * A candidate password to rate against the server's password policy before it is set.
 *
 * @param password the candidate; never stored, logged or echoed
 * @param email the email of the account it is meant for, if known, so a password built from it is refused
 * @param displayName that account's name, if known, for the same reason
 */
public record PasswordCheckRequest(Secret password, String email, String displayName) {}
