package dev.bulwark.server.user;

import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/me}: the signed-in user's own account. */
public final class MeRoutes implements HttpService {
    private final AccountService accounts;
    private final SessionService sessions;
    private final Authenticator authenticator;

    public MeRoutes(AccountService accounts, SessionService sessions, Authenticator authenticator) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::me)
                .put("/password", this::changePassword)
                .get("/sessions", this::sessions)
                .delete("/sessions/{id}", this::endSession);
    }

    private void me(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, accounts.me(authenticator.authenticate(req)));
    }

    private void changePassword(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        accounts.changePassword(caller, JsonBodies.read(req, ChangePasswordRequest.class));
        JsonBodies.noContent(res);
    }

    private void sessions(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, sessions.mine(authenticator.authenticate(req)));
    }

    private void endSession(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        sessions.endMine(caller, PathParams.uuid(req, "id"));
        JsonBodies.noContent(res);
    }
}
