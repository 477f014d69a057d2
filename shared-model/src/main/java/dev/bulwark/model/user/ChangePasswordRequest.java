package dev.bulwark.model.user;

import dev.bulwark.model.Secret;

/**
 * Changes the signed-in user's own password ({@code PUT /api/v1/me/password}).
 *
 * @param currentPassword the password now in force
 * @param newPassword the new password; must pass the password policy
 */
public record ChangePasswordRequest(Secret currentPassword, Secret newPassword) {}
