package dev.bulwark.server.oidc;

import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/users/{id}/identities}: the provider accounts a user is bound to. */
public final class UserIdentityRoutes implements HttpService {
    private final OidcIdentityService identities;
    private final Authenticator authenticator;

    public UserIdentityRoutes(OidcIdentityService identities, Authenticator authenticator) {
        this.identities = identities;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/identities", this::list).delete("/{id}/identities/{linkId}", this::unlink);
    }

    private void list(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, identities.list(caller, PathParams.uuid(req, "id")));
    }

    private void unlink(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        identities.unlink(caller, PathParams.uuid(req, "id"), PathParams.uuid(req, "linkId"));
        JsonBodies.noContent(res);
    }
}
