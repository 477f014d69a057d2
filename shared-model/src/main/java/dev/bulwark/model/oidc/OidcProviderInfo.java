package dev.bulwark.model.oidc;

/**
 * A provider people can sign in with, as the sign-in screen shows it ({@code GET /api/v1/auth/oidc/providers}).
 *
 * @param id the provider's stable name in URLs, for example {@code google}
 * @param displayName the name on the button, for example {@code Google}
 */
public record OidcProviderInfo(String id, String displayName) {}
