package dev.bulwark.model.client;

import dev.bulwark.model.token.ApiTokenList;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.token.CreatedApiToken;
import java.util.UUID;

/**
 * The signed-in user's own API tokens ({@code /api/v1/me/tokens}). Creating one needs a signed-in session; a
 * client authenticated by an API token may list and revoke, but not create.
 */
public final class TokensClient {
    private static final String BASE = "/api/v1/me/tokens";

    private final Transport transport;

    TokensClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/me/tokens}: the caller's tokens that are not revoked, newest first. */
    public ApiTokenList list() {
        return transport.sendAuthenticated("GET", BASE, null, ApiTokenList.class);
    }

    /**
     * {@code POST /api/v1/me/tokens}: a new token. The answer is the only time its value is shown.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code validation-failed} for a bad name, expiry or module
     *     list; {@code forbidden} when called with an API token
     */
    public CreatedApiToken create(CreateApiTokenRequest request) {
        return transport.sendAuthenticated("POST", BASE, request, CreatedApiToken.class);
    }

    /** {@code DELETE /api/v1/me/tokens/{id}}: revokes one of the caller's tokens; it is refused from then on. */
    public void revoke(UUID tokenId) {
        transport.sendAuthenticated("DELETE", BASE + "/" + tokenId, null, Void.class);
    }
}
