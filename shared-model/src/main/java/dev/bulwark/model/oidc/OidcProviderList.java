package dev.bulwark.model.oidc;

import java.util.List;

/**
 * Every configured provider ({@code GET /api/v1/settings/oidc-providers}).
 *
 * @param providers in name order
 */
public record OidcProviderList(List<OidcProvider> providers) {
    public OidcProviderList {
        providers = providers == null ? List.of() : List.copyOf(providers);
    }
}
