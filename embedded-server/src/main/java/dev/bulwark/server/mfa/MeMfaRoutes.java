package dev.bulwark.server.mfa;

import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/me/mfa} and {@code /api/v1/me/known-ips}: the caller's own second factors and addresses. */
public final class MeMfaRoutes implements HttpService {
    private final MfaAccountService accounts;
    private final Authenticator authenticator;

    public MeMfaRoutes(MfaAccountService accounts, Authenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/mfa", this::status)
                .post("/mfa/totp", this::startTotp)
                .post("/mfa/totp/confirm", this::confirmTotp)
                .post("/mfa/totp/disable", this::disableTotp)
                .post("/mfa/recovery-codes", this::regenerateRecoveryCodes)
                .get("/known-ips", this::knownIps)
                .delete("/known-ips/{ip}", this::removeKnownIp);
    }

    private void status(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, accounts.status(authenticator.authenticate(req)));
    }

    private void startTotp(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, accounts.startTotp(authenticator.authenticate(req)));
    }

    private void confirmTotp(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, accounts.confirmTotp(caller, JsonBodies.read(req, MfaCodeRequest.class)));
    }

    private void disableTotp(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        accounts.disableTotp(caller, JsonBodies.read(req, MfaCodeRequest.class));
        JsonBodies.noContent(res);
    }

    private void regenerateRecoveryCodes(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, accounts.regenerateRecoveryCodes(caller, JsonBodies.read(req, MfaCodeRequest.class)));
    }

    private void knownIps(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, accounts.myKnownIps(authenticator.authenticate(req)));
    }

    private void removeKnownIp(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        accounts.removeMyKnownIp(caller, req.path().pathParameters().get("ip"));
        JsonBodies.noContent(res);
    }
}
