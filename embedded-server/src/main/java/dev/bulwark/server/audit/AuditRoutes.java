package dev.bulwark.server.audit;

import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/audit}: reading, checkpoints and verification of the audit trail. */
public final class AuditRoutes implements HttpService {
    private final AuditService audit;
    private final Authenticator authenticator;

    public AuditRoutes(AuditService audit, Authenticator authenticator) {
        this.audit = audit;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/events", this::events)
                .get("/events/{seq}", this::event)
                .get("/checkpoints", this::checkpoints)
                .post("/verify", this::verify);
    }

    private void events(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, audit.events(caller, AuditQueryParams.query(req.query())));
    }

    private void event(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        long seq = AuditQueryParams.seq(req.path().pathParameters().get("seq"));
        JsonBodies.ok(res, audit.event(caller, seq));
    }

    private void checkpoints(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, audit.checkpoints(authenticator.authenticate(req)));
    }

    private void verify(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, audit.verify(authenticator.authenticate(req)));
    }
}
