package dev.bulwark.model.client;

import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.User;

/** First-run setup. */
public final class SetupClient {
    private final Transport transport;

    SetupClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /api/v1/setup}: creates the first administrator.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code setup-completed} when an administrator exists,
     *     {@code setup-code-invalid} for a wrong or expired code, {@code validation-failed} for bad fields
     */
    public User createFirstAdmin(SetupRequest request) {
        return transport.send("POST", "/api/v1/setup", request, User.class);
    }
}
