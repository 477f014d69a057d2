package dev.bulwark.server.audit;

import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;

/** {@code /api/v1/audit}: reading, the timeline, export, checkpoints and verification of the audit trail. */
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
                .get("/histogram", this::histogram)
                .get("/summary", this::summary)
                .get("/export", this::export)
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

    private void summary(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, audit.summary(caller, req.query().first("period").orElse(null)));
    }

    private void histogram(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(
                res,
                audit.histogram(caller, AuditQueryParams.query(req.query()), AuditQueryParams.bucket(req.query())));
    }

    private void export(ServerRequest req, ServerResponse res) throws IOException {
        var caller = authenticator.authenticate(req);
        AuditExport export =
                audit.export(caller, AuditQueryParams.query(req.query()), AuditQueryParams.format(req.query()));
        res.header(HeaderNames.CONTENT_TYPE, export.contentType());
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + export.fileName() + "\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (OutputStream out = res.outputStream()) {
            export.writeTo(out);
        }
    }

    private void checkpoints(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, audit.checkpoints(authenticator.authenticate(req)));
    }

    private void verify(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, audit.verify(caller, req.query().first("from").orElse(null)));
    }
}
