package dev.bulwark.model.client;

import dev.bulwark.model.auth.SessionList;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.User;
import java.util.UUID;

/** The signed-in user's own account. */
public final class MeClient {
    private final Transport transport;
    private final TokensClient tokens;

    MeClient(Transport transport) {
        this.transport = transport;
        this.tokens = new TokensClient(transport);
    }

    /** {@code GET /api/v1/me}. */
    public User get() {
        return transport.sendAuthenticated("GET", "/api/v1/me", null, User.class);
    }

    /** {@code PUT /api/v1/me/password}: changes the own password; other sessions of the user end. */
    public void changePassword(ChangePasswordRequest request) {
        transport.sendAuthenticated("PUT", "/api/v1/me/password", request, Void.class);
    }

    /** {@code GET /api/v1/me/sessions}: the caller's active sessions; the current one is marked. */
    public SessionList sessions() {
        return transport.sendAuthenticated("GET", "/api/v1/me/sessions", null, SessionList.class);
    }

    /** {@code DELETE /api/v1/me/sessions/{id}}: ends one of the caller's sessions. */
    public void endSession(UUID sessionId) {
        transport.sendAuthenticated("DELETE", "/api/v1/me/sessions/" + sessionId, null, Void.class);
    }

    /** The caller's own API tokens. */
    public TokensClient tokens() {
        return tokens;
    }
}
