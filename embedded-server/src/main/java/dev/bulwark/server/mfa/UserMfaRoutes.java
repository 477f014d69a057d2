package dev.bulwark.server.mfa;

import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.http.JsonBodies;
import dev.bulwark.server.http.PathParams;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/users/{id}/known-ips} and {@code /api/v1/users/{id}/mfa-reset}: administration of others. */
public final class UserMfaRoutes implements HttpService {
    private final MfaAccountService accounts;
    private final Authenticator authenticator;

    public UserMfaRoutes(MfaAccountService accounts, Authenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/known-ips", this::knownIps)
                .delete("/{id}/known-ips/{ip}", this::removeKnownIp)
                .post("/{id}/mfa-reset", this::resetMfa);
    }

    private void knownIps(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        JsonBodies.ok(res, accounts.knownIpsOf(caller, PathParams.uuid(req, "id")));
    }

    private void removeKnownIp(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        accounts.removeKnownIp(
                caller, PathParams.uuid(req, "id"), req.path().pathParameters().get("ip"));
        JsonBodies.noContent(res);
    }

    private void resetMfa(ServerRequest req, ServerResponse res) {
        var caller = authenticator.authenticate(req);
        accounts.resetMfa(caller, PathParams.uuid(req, "id"));
        JsonBodies.noContent(res);
    }
}
