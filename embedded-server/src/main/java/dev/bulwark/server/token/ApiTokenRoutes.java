package dev.bulwark.server.token;

import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** API tokens under {@code /api/v1}: the caller's own ({@code /me/tokens}) and any user's ({@code /users/{id}/tokens}). */
public final class ApiTokenRoutes implements HttpService {
    private final ApiTokenService tokens;
    private final Authenticator authenticator;

    public ApiTokenRoutes(ApiTokenService tokens, Authenticator authenticator) {
        this.tokens = tokens;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/me/tokens", this::mine)
                .post("/me/tokens", this::create)
                .delete("/me/tokens/{id}", this::revokeMine)
                .get("/users/{id}/tokens", this::ofUser)
                .delete("/users/{id}/tokens/{tokenId}", this::revokeOfUser);
    }

    private void mine(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, tokens.mine(authenticator.authenticate(req)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.write(
                res, Status.CREATED_201, tokens.create(caller, JsonBodies.read(req, CreateApiTokenRequest.class)));
    }

    private void revokeMine(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        tokens.revokeMine(caller, PathParams.uuid(req, "id"));
        JsonBodies.noContent(res);
    }

    private void ofUser(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, tokens.ofUser(caller, PathParams.uuid(req, "id")));
    }

    private void revokeOfUser(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        tokens.revokeOfUser(caller, PathParams.uuid(req, "id"), PathParams.uuid(req, "tokenId"));
        JsonBodies.noContent(res);
    }
}
