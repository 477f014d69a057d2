package dev.bulwark.model.client;

import dev.bulwark.model.server.ServerInfo;
import dev.bulwark.model.server.ServerStatus;

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
}
