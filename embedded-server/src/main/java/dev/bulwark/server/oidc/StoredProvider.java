package dev.bulwark.server.oidc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A provider row. {@code sealedSecret} is the client secret encrypted by {@link ClientSecrets}, or {@code null};
 * {@code trustProviderMfa} lets an administrator's second factor at the provider stand in for Bulwark's.
 */
record StoredProvider(
        UUID id,
        String slug,
        String displayName,
        String issuer,
        String clientId,
        String sealedSecret,
        List<String> scopes,
        List<String> allowedDomains,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        boolean trustProviderMfa) {
    StoredProvider {
        scopes = List.copyOf(scopes);
        allowedDomains = List.copyOf(allowedDomains);
    }

    @Override
    public String toString() {
        return "StoredProvider[" + slug + ", " + issuer + "]";
    }
}
