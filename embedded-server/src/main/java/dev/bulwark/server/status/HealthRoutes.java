package dev.bulwark.server.status;

import dev.bulwark.server.db.Database;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/** {@code /health}: liveness (the process answers) and readiness (the database answers too). */
public final class HealthRoutes implements HttpService {
    private final Database database;

    public HealthRoutes(Database database) {
        this.database = database;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/live", this::live).get("/ready", this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, Map.of("status", "UP"));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean ready = database.isReady();
        JsonBodies.write(
                res,
                ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                Map.of("status", ready ? "UP" : "DOWN", "database", ready ? "UP" : "DOWN"));
    }
}
