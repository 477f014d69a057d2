package dev.bulwark.model.setup;

import dev.bulwark.model.Secret;

/**
 * Creates the first administrator ({@code POST /api/v1/setup}).
 *
 * @param setupCode the one-time code printed by {@code bulwark-server init}, or handed to the desktop by its
 *     embedded server
 * @param email the administrator's email, the sign-in id
 * @param displayName the name shown in the console
 * @param password the administrator's password; must pass the password policy
 */
public record SetupRequest(Secret setupCode, String email, String displayName, Secret password) {}
