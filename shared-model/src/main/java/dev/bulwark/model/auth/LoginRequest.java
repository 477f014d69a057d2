package dev.bulwark.model.auth;

import dev.bulwark.model.Secret;

/**
 * Password sign-in ({@code POST /api/v1/auth/login}).
 *
 * @param email the user's email
 * @param password the user's password
 */
public record LoginRequest(String email, Secret password) {}
