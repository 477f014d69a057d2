package dev.bulwark.server.group;

import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.UpdateGroupRequest;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/groups}: groups, members and grants. */
public final class GroupRoutes implements HttpService {
    private final GroupService groups;
    private final Authenticator authenticator;

    public GroupRoutes(GroupService groups, Authenticator authenticator) {
        this.groups = groups;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::get)
                .put("/{id}", this::update)
                .delete("/{id}", this::delete)
                .put("/{id}/members/{userId}", this::addMember)
                .delete("/{id}/members/{userId}", this::removeMember)
                .put("/{id}/grants", this::setGrants);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, groups.list(authenticator.authenticate(req)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.write(
                res, Status.CREATED_201, groups.create(caller, JsonBodies.read(req, CreateGroupRequest.class)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, groups.get(caller, PathParams.uuid(req, "id")));
    }

    private void update(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, groups.update(caller, id, JsonBodies.read(req, UpdateGroupRequest.class)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        groups.delete(caller, PathParams.uuid(req, "id"));
        JsonBodies.noContent(res);
    }

    private void addMember(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        groups.addMember(caller, PathParams.uuid(req, "id"), PathParams.uuid(req, "userId"));
        JsonBodies.noContent(res);
    }

    private void removeMember(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        groups.removeMember(caller, PathParams.uuid(req, "id"), PathParams.uuid(req, "userId"));
        JsonBodies.noContent(res);
    }

    private void setGrants(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, groups.setGrants(caller, id, JsonBodies.read(req, Grants.class)));
    }
}
