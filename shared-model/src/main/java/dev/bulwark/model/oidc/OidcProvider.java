package dev.bulwark.model.oidc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A configured OpenID Connect provider as administrators see it. The client secret is never sent back: only
 * whether one is stored.
 *
 * @param id the provider's id
 * @param slug its stable name in URLs ({@code /api/v1/auth/oidc/{slug}/start}), lower-case letters, digits, dashes
 * @param displayName the name on the sign-in button
 * @param issuer the issuer URL; its {@code /.well-known/openid-configuration} is read for the endpoints
 * @param clientId the client id registered at the provider
 * @param clientSecretSet whether a client secret is stored
 * @param scopes the scopes asked for; always includes {@code openid}
 * @param allowedDomains email domains allowed to sign in; empty means any
 * @param enabled whether the sign-in screen offers it
 * @param callbackPath the path of the redirect URI to register at the provider, after the server's address
 * @param callbackUrl the whole redirect URI, when the server is configured with its public address; otherwise null,
 *     and the redirect URI is the address the console connects to followed by {@code callbackPath}
 * @param createdAt when it was added
 * @param updatedAt when it was last changed
 * @param trustProviderMfa whether an administrator's second factor at the provider (the ID token's {@code amr})
 *     stands in for Bulwark's own
 */
public record OidcProvider(
        UUID id,
        String slug,
        String displayName,
        String issuer,
        String clientId,
        boolean clientSecretSet,
        List<String> scopes,
        List<String> allowedDomains,
        boolean enabled,
        String callbackPath,
        String callbackUrl,
        Instant createdAt,
        Instant updatedAt,
        boolean trustProviderMfa) {
    public OidcProvider {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        allowedDomains = allowedDomains == null ? List.of() : List.copyOf(allowedDomains);
    }

    /** A provider that does not trust the provider's second factor. */
    public OidcProvider(
            UUID id,
            String slug,
            String displayName,
            String issuer,
            String clientId,
            boolean clientSecretSet,
            List<String> scopes,
            List<String> allowedDomains,
            boolean enabled,
            String callbackPath,
            String callbackUrl,
            Instant createdAt,
            Instant updatedAt) {
        this(
                id,
                slug,
                displayName,
                issuer,
                clientId,
                clientSecretSet,
                scopes,
                allowedDomains,
                enabled,
                callbackPath,
                callbackUrl,
                createdAt,
                updatedAt,
                false);
    }

    /** The redirect URI to register at the provider, for a console connected to {@code serverAddress}. */
    public String redirectUri(java.net.URI serverAddress) {
        if (callbackUrl != null) {
            return callbackUrl;
        }
        String base = serverAddress.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + callbackPath;
    }

    /** The issuer of Google accounts, for the Google preset. */
    public static final String GOOGLE_ISSUER = "https://accounts.google.com";

    /** The scopes a provider asks for unless told otherwise. */
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");
}
