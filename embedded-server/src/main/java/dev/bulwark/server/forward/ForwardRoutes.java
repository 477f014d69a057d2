package dev.bulwark.server.forward;

import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/settings/forwarding}: the SIEM destinations of the audit trail, for administrators. */
public final class ForwardRoutes implements HttpService {
    private final ForwardService forwarding;
    private final Authenticator authenticator;

    public ForwardRoutes(ForwardService forwarding, Authenticator authenticator) {
        this.forwarding = forwarding;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::get)
                .put("/{id}", this::update)
                .delete("/{id}", this::delete)
                .post("/{id}/test", this::test);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, forwarding.list(authenticator.authenticate(req)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.write(
                res,
                Status.CREATED_201,
                forwarding.create(caller, JsonBodies.read(req, ForwardDestinationRequest.class)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, forwarding.get(caller, PathParams.uuid(req, "id")));
    }

    private void update(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, forwarding.update(caller, id, JsonBodies.read(req, ForwardDestinationRequest.class)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        forwarding.delete(caller, PathParams.uuid(req, "id"));
        JsonBodies.noContent(res);
    }

    private void test(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, forwarding.test(caller, PathParams.uuid(req, "id")));
    }
}
