package dev.bulwark.server.oidc;

import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/settings/oidc-providers}: the sign-in providers, for administrators. */
public final class OidcProviderRoutes implements HttpService {
    private final OidcProviderService providers;
    private final Authenticator authenticator;

    public OidcProviderRoutes(OidcProviderService providers, Authenticator authenticator) {
        this.providers = providers;
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
        JsonBodies.ok(res, providers.list(authenticator.authenticate(req)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.write(
                res, Status.CREATED_201, providers.create(caller, JsonBodies.read(req, OidcProviderRequest.class)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, providers.get(caller, PathParams.uuid(req, "id")));
    }

    private void update(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        var id = PathParams.uuid(req, "id");
        JsonBodies.ok(res, providers.update(caller, id, JsonBodies.read(req, OidcProviderRequest.class)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        providers.delete(caller, PathParams.uuid(req, "id"));
        JsonBodies.noContent(res);
    }

    private void test(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, providers.test(caller, PathParams.uuid(req, "id")));
    }
}
