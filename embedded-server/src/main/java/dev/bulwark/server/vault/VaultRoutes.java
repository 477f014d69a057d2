package dev.bulwark.server.vault;

import dev.bulwark.model.vault.CopiedRequest;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.RestoreVersionRequest;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.UpdateVaultEntryRequest;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/vault}: entries, reveal, versions, trash, health and key rotation. */
public final class VaultRoutes implements HttpService {
    private final VaultService vault;
    private final VaultRotation rotation;
    private final Authenticator authenticator;

    public VaultRoutes(VaultService vault, VaultRotation rotation, Authenticator authenticator) {
        this.vault = vault;
        this.rotation = rotation;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/entries", this::list)
                .post("/entries", this::create)
                .get("/entries/{id}", this::get)
                .put("/entries/{id}", this::update)
                .delete("/entries/{id}", this::delete)
                .post("/entries/{id}/restore", this::restore)
                .post("/entries/{id}/reveal", this::reveal)
                .post("/entries/{id}/copied", this::copied)
                .get("/entries/{id}/versions", this::versions)
                .post("/entries/{id}/versions/{n}/restore", this::restoreVersion)
                .get("/health", this::health)
                .get("/rotation", this::rotationStatus)
                .post("/rotation", this::rotate);
    }

    private void list(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, vault.list(caller, VaultQueryParams.from(req.query())));
    }

    private void create(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.write(
                res, Status.CREATED_201, vault.create(caller, JsonBodies.read(req, CreateVaultEntryRequest.class)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, vault.get(caller, PathParams.uuid(req, "id")));
    }

    private void update(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, vault.update(caller, id, JsonBodies.read(req, UpdateVaultEntryRequest.class)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        if (req.query().first("permanent").map("true"::equals).orElse(false)) {
            vault.destroy(caller, id);
        } else {
            vault.delete(caller, id);
        }
        JsonBodies.noContent(res);
    }

    private void restore(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, vault.restore(caller, PathParams.uuid(req, "id")));
    }

    private void reveal(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, vault.reveal(caller, id, JsonBodies.read(req, RevealRequest.class)));
    }

    private void copied(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        vault.copied(caller, id, JsonBodies.read(req, CopiedRequest.class));
        JsonBodies.noContent(res);
    }

    private void versions(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, vault.versions(caller, PathParams.uuid(req, "id")));
    }

    private void restoreVersion(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        int n = PathParams.integer(req, "n");
        JsonBodies.ok(res, vault.restoreVersion(caller, id, n, JsonBodies.read(req, RestoreVersionRequest.class)));
    }

    private void health(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, vault.health(authenticator.authenticate(req)));
    }

    private void rotationStatus(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, rotation.status(authenticator.authenticate(req)));
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        JsonBodies.write(res, Status.ACCEPTED_202, rotation.rotate(authenticator.authenticate(req)));
    }
}
