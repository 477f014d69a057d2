package dev.bulwark.model.client;

import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.User;

/** The signed-in user's own account. */
public final class MeClient {
    private final Transport transport;

    MeClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/me}. */
    public User get() {
        return transport.sendAuthenticated("GET", "/api/v1/me", null, User.class);
    }

    /** {@code PUT /api/v1/me/password}: changes the own password; other sessions of the user end. */
    public void changePassword(ChangePasswordRequest request) {
        transport.sendAuthenticated("PUT", "/api/v1/me/password", request, Void.class);
    }
}
