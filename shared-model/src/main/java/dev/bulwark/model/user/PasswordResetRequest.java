package dev.bulwark.model.user;

import dev.bulwark.model.Secret;

/**
 * An administrator sets a temporary password ({@code POST /api/v1/users/{id}/password-reset}); the user must
 * change it at next sign-in, and every session of the user ends.
 *
 * @param temporaryPassword the temporary password; must pass the password policy
 */
public record PasswordResetRequest(Secret temporaryPassword) {}
