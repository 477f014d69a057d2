package dev.bulwark.model.auth;

import dev.bulwark.model.Secret;

/**
 * Exchanges a refresh token for new tokens ({@code POST /api/v1/auth/refresh}). The refresh token is single
 * use: presenting one that was already used ends the whole session.
 *
 * @param refreshToken the refresh token from the last sign-in or refresh
 */
public record RefreshRequest(Secret refreshToken) {}
