package dev.bulwark.server.mfa;

import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/settings/sign-in}: the MFA policy and the SMTP server. */
public final class SignInSettingsRoutes implements HttpService {
    private final SignInSettingsService settings;
    private final Authenticator authenticator;

    public SignInSettingsRoutes(SignInSettingsService settings, Authenticator authenticator) {
        this.settings = settings;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::get).put("/", this::update).post("/test-mail", this::testMail);
    }

    private void get(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, settings.get(authenticator.authenticate(req)));
    }

    private void update(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        settings.requireMayChange(caller);
        JsonBodies.ok(res, settings.update(caller, JsonBodies.read(req, UpdateSignInSettingsRequest.class)));
    }

    private void testMail(ServerRequest req, ServerResponse res) {
        settings.sendTestMail(authenticator.authenticate(req));
        JsonBodies.noContent(res);
    }
}
