package dev.bulwark.server.backup;

import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/backups}: the encrypted backups, a backup now, and restore tests (administrators only). */
public final class BackupRoutes implements HttpService {
    private final BackupService backups;
    private final Authenticator authenticator;

    public BackupRoutes(BackupService backups, Authenticator authenticator) {
        this.backups = backups;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/", this::create).post("/{id}/restore-test", this::restoreTest);
    }

    private void list(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, backups.overview(caller));
    }

    private void create(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.write(res, Status.CREATED_201, backups.create(caller));
    }

    private void restoreTest(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, backups.restoreTest(caller, PathParams.uuid(req, "id")));
    }
}
