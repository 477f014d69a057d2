package dev.bulwark.server.mfa;

import dev.bulwark.model.auth.MfaEmailRequest;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.server.auth.AuthService;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/auth/mfa}: the second step of a sign-in. */
public final class MfaRoutes implements HttpService {
    private final AuthService auth;
    private final MfaService mfa;

    public MfaRoutes(AuthService auth, MfaService mfa) {
        this.auth = auth;
        this.mfa = mfa;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::verify).post("/email", this::sendEmailCode);
    }

    private void verify(ServerRequest req, ServerResponse res) {
        MfaVerifyRequest request = JsonBodies.read(req, MfaVerifyRequest.class);
        JsonBodies.ok(res, auth.completeSecondFactor(request, ClientInfo.of(req)));
    }

    private void sendEmailCode(ServerRequest req, ServerResponse res) {
        MfaEmailRequest request = JsonBodies.read(req, MfaEmailRequest.class);
        JsonBodies.ok(res, mfa.sendEmailCode(request, ClientInfo.of(req)));
    }
}
