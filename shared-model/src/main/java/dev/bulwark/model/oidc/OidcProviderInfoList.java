package dev.bulwark.model.oidc;

import java.util.List;

/**
 * The enabled providers, in name order.
 *
 * @param providers one per button
 */
public record OidcProviderInfoList(List<OidcProviderInfo> providers) {
    public OidcProviderInfoList {
        providers = providers == null ? List.of() : List.copyOf(providers);
    }
}
