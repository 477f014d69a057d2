package dev.bulwark.server.user;

import dev.bulwark.model.user.PasswordCheckRequest;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/password-policy}: live feedback on a candidate password, with or without a session. */
public final class PasswordPolicyRoutes implements HttpService {
    private final AccountService accounts;

    public PasswordPolicyRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/check", this::check);
    }

    private void check(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, accounts.checkPassword(JsonBodies.read(req, PasswordCheckRequest.class)));
    }
}
