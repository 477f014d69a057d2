package dev.bulwark.server.auth;

import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.RefreshRequest;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/auth}: sign-in, refresh and sign-out. */
public final class LoginRoutes implements HttpService {
    private final AuthService auth;
    private final Authenticator authenticator;

    public LoginRoutes(AuthService auth, Authenticator authenticator) {
        this.auth = auth;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/login", this::login).post("/refresh", this::refresh).post("/logout", this::logout);
    }

    private void login(ServerRequest req, ServerResponse res) {
        LoginRequest request = JsonBodies.read(req, LoginRequest.class);
        JsonBodies.ok(
                res,
                switch (auth.login(request, ClientInfo.of(req))) {
                    case LoginOutcome.SignedIn signedIn -> signedIn.tokens();
                    case LoginOutcome.MfaRequired mfa -> mfa.challenge();
                });
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, auth.refresh(JsonBodies.read(req, RefreshRequest.class), ClientInfo.of(req)));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        auth.logout(authenticator.authenticate(req));
        JsonBodies.noContent(res);
    }
}
