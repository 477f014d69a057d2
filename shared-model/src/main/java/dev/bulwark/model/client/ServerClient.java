package dev.bulwark.model.client;

import dev.bulwark.model.server.ServerInfo;
import dev.bulwark.model.server.ServerStatus;
import dev.bulwark.model.user.PasswordCheck;
import dev.bulwark.model.user.PasswordCheckRequest;

/** The server's identity and status. */
public final class ServerClient {
    private final Transport transport;

    ServerClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/server}: version, mode, and whether setup is required. No sign-in needed. */
    public ServerInfo info() {
        return transport.send("GET", "/api/v1/server", null, ServerInfo.class);
    }

    /** {@code GET /api/v1/server/status}: data directory, database and uptime, for signed-in users. */
    public ServerStatus status() {
        return transport.sendAuthenticated("GET", "/api/v1/server/status", null, ServerStatus.class);
    }

    /**
     * {@code POST /api/v1/password-policy/check}: rates a candidate password against the server's policy, for live
     * feedback while it is typed. No sign-in needed (first run uses it too); the password is not stored.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code rate-limited} when asked too often
     */
    public PasswordCheck checkPassword(PasswordCheckRequest request) {
        return transport.send("POST", "/api/v1/password-policy/check", request, PasswordCheck.class);
    }
}
