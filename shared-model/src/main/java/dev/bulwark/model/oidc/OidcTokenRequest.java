package dev.bulwark.model.oidc;

import dev.bulwark.model.Secret;

/**
 * Exchanges the one-time code the desktop's loopback listener received for session tokens ({@code POST
 * /api/v1/auth/oidc/token}).
 *
 * @param code the one-time code from the loopback redirect
 * @param codeVerifier the PKCE verifier whose S256 challenge started the sign-in
 * @param redirectUri the loopback redirect URI the sign-in was started with, exactly
 */
public record OidcTokenRequest(Secret code, Secret codeVerifier, String redirectUri) {}
