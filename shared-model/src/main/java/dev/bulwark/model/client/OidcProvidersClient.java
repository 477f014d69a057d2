package dev.bulwark.model.client;

import dev.bulwark.model.oidc.LinkedIdentityList;
import dev.bulwark.model.oidc.OidcProvider;
import dev.bulwark.model.oidc.OidcProviderCheck;
import dev.bulwark.model.oidc.OidcProviderList;
import dev.bulwark.model.oidc.OidcProviderRequest;
import java.util.UUID;

/**
 * The sign-in providers administrators configure ({@code /api/v1/settings/oidc-providers}). Reading needs
 * SETTINGS READ; adding, changing, removing and testing one is for administrators. No answer ever carries a client
 * secret. Also the provider accounts users are bound to ({@code /api/v1/users/{id}/identities}).
 */
public final class OidcProvidersClient {
    private static final String BASE = "/api/v1/settings/oidc-providers";

    private final Transport transport;

    OidcProvidersClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/settings/oidc-providers}. */
    public OidcProviderList list() {
        return transport.sendAuthenticated("GET", BASE, null, OidcProviderList.class);
    }

    /** {@code GET /api/v1/settings/oidc-providers/{id}}. */
    public OidcProvider get(UUID id) {
        return transport.sendAuthenticated("GET", BASE + "/" + id, null, OidcProvider.class);
    }

    /** {@code POST /api/v1/settings/oidc-providers}: {@code conflict} when the slug is taken. */
    public OidcProvider create(OidcProviderRequest request) {
        return transport.sendAuthenticated("POST", BASE, request, OidcProvider.class);
    }

    /** {@code PUT /api/v1/settings/oidc-providers/{id}}; a {@code null} secret keeps the stored one. */
    public OidcProvider update(UUID id, OidcProviderRequest request) {
        return transport.sendAuthenticated("PUT", BASE + "/" + id, request, OidcProvider.class);
    }

    /** {@code DELETE /api/v1/settings/oidc-providers/{id}}. */
    public void delete(UUID id) {
        transport.sendAuthenticated("DELETE", BASE + "/" + id, null, Void.class);
    }

    /** {@code POST /api/v1/settings/oidc-providers/{id}/test}: fetches discovery and keys and reports. */
    public OidcProviderCheck test(UUID id) {
        return transport.sendAuthenticated("POST", BASE + "/" + id + "/test", null, OidcProviderCheck.class);
    }

    /** {@code GET /api/v1/users/{id}/identities}: the provider accounts the user is bound to (USERS READ). */
    public LinkedIdentityList identities(UUID userId) {
        return transport.sendAuthenticated(
                "GET", "/api/v1/users/" + userId + "/identities", null, LinkedIdentityList.class);
    }

    /** {@code DELETE /api/v1/users/{id}/identities/{linkId}}: unbinds one (administrators only). */
    public void unlink(UUID userId, UUID linkId) {
        transport.sendAuthenticated("DELETE", "/api/v1/users/" + userId + "/identities/" + linkId, null, Void.class);
    }
}
