package dev.bulwark.server.status;

import dev.bulwark.server.db.Database;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.OperatorAccess;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code /health}: liveness (the process answers) and readiness (the database answers too); open on loopback,
 * otherwise for a SETTINGS READ bearer ({@link OperatorAccess}).
 */
public final class HealthRoutes implements HttpService {
    private final Database database;
    private final OperatorAccess access;

    public HealthRoutes(Database database, OperatorAccess access) {
        this.database = database;
        this.access = access;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/live", this::live).get("/ready", this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) {
        access.check(req);
        JsonBodies.ok(res, Map.of("status", "UP"));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        access.check(req);
        boolean ready = database.isReady();
        JsonBodies.write(
                res,
                ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                Map.of("status", ready ? "UP" : "DOWN", "database", ready ? "UP" : "DOWN"));
    }
}
