package dev.bulwark.server.setup;

import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/setup}: creates the first administrator. */
public final class SetupRoutes implements HttpService {
    private final SetupService setup;

    public SetupRoutes(SetupService setup) {
        this.setup = setup;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::createFirstAdmin);
    }

    private void createFirstAdmin(ServerRequest req, ServerResponse res) {
        SetupRequest request = JsonBodies.read(req, SetupRequest.class);
        JsonBodies.write(res, Status.CREATED_201, setup.createFirstAdmin(request, ClientInfo.of(req)));
    }
}
