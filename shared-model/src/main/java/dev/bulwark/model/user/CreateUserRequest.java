package dev.bulwark.model.user;

import dev.bulwark.model.Secret;

/**
 * Creates a user ({@code POST /api/v1/users}).
 *
 * @param email the sign-in id; unique ignoring case
 * @param displayName the name shown in the console
 * @param role the role; only an administrator may create another administrator
 * @param password the initial password; must pass the password policy
 * @param passwordChangeRequired whether the user must choose a new password at next sign-in (a temporary
 *     password set by an administrator); {@code null} means no
 */
public record CreateUserRequest(
        String email, String displayName, Role role, Secret password, Boolean passwordChangeRequired) {}
