package dev.bulwark.server.posture;

import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/posture}: the live posture report. */
public final class PostureRoutes implements HttpService {
    private final PostureService posture;
    private final Authenticator authenticator;

    public PostureRoutes(PostureService posture, Authenticator authenticator) {
        this.posture = posture;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::report);
    }

    private void report(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, posture.report(caller));
    }
}
