package dev.bulwark.model.client;

import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardDestinationList;
import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.model.forward.ForwardTestResult;
import java.util.UUID;

/**
 * The SIEM destinations the audit trail is forwarded to ({@code /api/v1/settings/forwarding}). Reading needs
 * SETTINGS READ; adding, changing, removing and testing one is for administrators. No answer carries an HMAC key.
 */
public final class ForwardingClient {
    private static final String BASE = "/api/v1/settings/forwarding";

    private final Transport transport;

    ForwardingClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/settings/forwarding}: every destination with its delivery status. */
    public ForwardDestinationList list() {
        return transport.sendAuthenticated("GET", BASE, null, ForwardDestinationList.class);
    }

    /** {@code GET /api/v1/settings/forwarding/{id}}. */
    public ForwardDestination get(UUID id) {
        return transport.sendAuthenticated("GET", BASE + "/" + id, null, ForwardDestination.class);
    }

    /** {@code POST /api/v1/settings/forwarding}: {@code conflict} when the name is taken. */
    public ForwardDestination create(ForwardDestinationRequest request) {
        return transport.sendAuthenticated("POST", BASE, request, ForwardDestination.class);
    }

    /** {@code PUT /api/v1/settings/forwarding/{id}}; a {@code null} secret keeps the stored one. */
    public ForwardDestination update(UUID id, ForwardDestinationRequest request) {
        return transport.sendAuthenticated("PUT", BASE + "/" + id, request, ForwardDestination.class);
    }

    /** {@code DELETE /api/v1/settings/forwarding/{id}}. */
    public void delete(UUID id) {
        transport.sendAuthenticated("DELETE", BASE + "/" + id, null, Void.class);
    }

    /** {@code POST /api/v1/settings/forwarding/{id}/test}: sends one test message and reports. */
    public ForwardTestResult test(UUID id) {
        return transport.sendAuthenticated("POST", BASE + "/" + id + "/test", null, ForwardTestResult.class);
    }
}
