package dev.bulwark.server.user;

import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.UserImportRequest;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/users}: user administration. */
public final class UserRoutes implements HttpService {
    private final UserService users;
    private final SessionService sessions;
    private final UserImportService imports;
    private final Authenticator authenticator;

    public UserRoutes(
            UserService users, SessionService sessions, UserImportService imports, Authenticator authenticator) {
        this.users = users;
        this.sessions = sessions;
        this.imports = imports;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::search)
                .post("/", this::create)
                .post("/import", this::importUsers)
                .get("/{id}", this::get)
                .put("/{id}", this::update)
                .delete("/{id}", this::delete)
                .post("/{id}/disable", this::disable)
                .post("/{id}/enable", this::enable)
                .post("/{id}/unlock", this::unlock)
                .post("/{id}/password-reset", this::resetPassword)
                .get("/{id}/grants", this::grants)
                .put("/{id}/grants", this::setGrants)
                .get("/{id}/effective-permissions", this::effectivePermissions)
                .get("/{id}/sessions", this::sessions)
                .delete("/{id}/sessions", this::endAllSessions)
                .delete("/{id}/sessions/{sid}", this::endSession);
    }

    private void search(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var query = req.query();
        JsonBodies.ok(
                res,
                users.search(
                        caller,
                        query.first("q").orElse(null),
                        query.first("limit").orElse(null),
                        query.first("cursor").orElse(null)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.write(res, Status.CREATED_201, users.create(caller, JsonBodies.read(req, CreateUserRequest.class)));
    }

    private void importUsers(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, imports.importUsers(caller, JsonBodies.read(req, UserImportRequest.class)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, users.get(caller, PathParams.uuid(req, "id")));
    }

    private void update(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, users.update(caller, id, JsonBodies.read(req, UpdateUserRequest.class)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        users.delete(caller, PathParams.uuid(req, "id"));
        JsonBodies.noContent(res);
    }

    private void disable(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, users.disable(caller, PathParams.uuid(req, "id")));
    }

    private void enable(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, users.enable(caller, PathParams.uuid(req, "id")));
    }

    private void unlock(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, users.unlock(caller, PathParams.uuid(req, "id")));
    }

    private void resetPassword(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, users.resetPassword(caller, id, JsonBodies.read(req, PasswordResetRequest.class)));
    }

    private void grants(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, users.grants(caller, PathParams.uuid(req, "id")));
    }

    private void setGrants(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, users.setGrants(caller, id, JsonBodies.read(req, Grants.class)));
    }

    private void effectivePermissions(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, users.effectivePermissions(caller, PathParams.uuid(req, "id")));
    }

    private void sessions(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, sessions.ofUser(caller, PathParams.uuid(req, "id")));
    }

    private void endAllSessions(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        sessions.endAllOfUser(caller, PathParams.uuid(req, "id"));
        JsonBodies.noContent(res);
    }

    private void endSession(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        sessions.endOfUser(caller, PathParams.uuid(req, "id"), PathParams.uuid(req, "sid"));
        JsonBodies.noContent(res);
    }
}
