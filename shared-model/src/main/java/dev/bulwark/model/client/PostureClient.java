package dev.bulwark.model.client;

import dev.bulwark.model.posture.PostureReport;

/** The server's posture report. */
public final class PostureClient {
    private final Transport transport;

    PostureClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code GET /api/v1/posture}: every posture check, run now.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code forbidden} without READ access to SETTINGS
     */
    public PostureReport report() {
        return transport.sendAuthenticated("GET", "/api/v1/posture", null, PostureReport.class);
    }
}
