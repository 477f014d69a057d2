package dev.bulwark.model.oidc;

import dev.bulwark.model.Secret;
import java.util.List;

/**
 * Adds or changes a provider ({@code POST /api/v1/settings/oidc-providers}, {@code PUT .../{id}}).
 *
 * @param slug the stable name in URLs; lower-case letters, digits and dashes, 2 to 40
 * @param displayName the name on the sign-in button
 * @param issuer the issuer URL: https, resolving to a public address (http on a loopback IP only under the
 *     development setting {@code oidc.allow-insecure-loopback}); changing it, or the client id, removes the stored
 *     client secret and every account linked through this provider
 * @param clientId the client id registered at the provider
 * @param clientSecret the client secret; on a change {@code null} keeps the stored one, an empty one removes it
 * @param scopes the scopes to ask for; {@code null} means {@code openid email profile}
 * @param allowedDomains email domains allowed to sign in; {@code null} or empty means any
 * @param enabled whether the sign-in screen offers it; {@code null} means yes
 * @param trustProviderMfa whether an administrator whose ID token shows a second factor in its {@code amr} skips
 *     Bulwark's own; {@code null} means no on creation and keeps the stored value on a change
 */
public record OidcProviderRequest(
        String slug,
        String displayName,
        String issuer,
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        List<String> allowedDomains,
        Boolean enabled,
        Boolean trustProviderMfa) {

    /** A request that leaves the provider's MFA trust as it is (off for a new provider). */
    public OidcProviderRequest(
            String slug,
            String displayName,
            String issuer,
            String clientId,
            Secret clientSecret,
            List<String> scopes,
            List<String> allowedDomains,
            Boolean enabled) {
        this(slug, displayName, issuer, clientId, clientSecret, scopes, allowedDomains, enabled, null);
    }
}
