package dev.bulwark.server.status;

import dev.bulwark.model.server.ServerInfo;
import dev.bulwark.model.server.ServerMode;
import dev.bulwark.model.server.ServerStatus;
import dev.bulwark.server.Version;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.setup.SetupService;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** {@code /api/v1/server}: what the server is (public) and how it runs (signed-in users). */
public final class ServerRoutes implements HttpService {
    private final SetupService setup;
    private final Authenticator authenticator;
    private final ServerMode mode;
    private final Path dataDirectory;
    private final String database;
    private final Instant startedAt;
    private final Clock clock;

    public ServerRoutes(
            SetupService setup,
            Authenticator authenticator,
            ServerMode mode,
            Path dataDirectory,
            String database,
            Instant startedAt,
            Clock clock) {
        this.setup = setup;
        this.authenticator = authenticator;
        this.mode = mode;
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.startedAt = startedAt;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::info).get("/status", this::status);
    }

    private void info(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, new ServerInfo("Bulwark", Version.current(), mode, setup.isSetupRequired()));
    }

    private void status(ServerRequest req, ServerResponse res) {
        authenticator.authenticate(req);
        JsonBodies.ok(
                res,
                new ServerStatus(
                        Version.current(),
                        mode,
                        dataDirectory.toString(),
                        database,
                        startedAt,
                        Duration.between(startedAt, clock.instant()).toSeconds(),
                        Runtime.version().toString()));
    }
}
