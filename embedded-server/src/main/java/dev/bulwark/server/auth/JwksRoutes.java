package dev.bulwark.server.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /.well-known/jwks.json}: the public keys that verify access tokens. */
public final class JwksRoutes implements HttpService {
    private final SigningKeys keys;

    public JwksRoutes(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/jwks.json", this::jwks);
    }

    private void jwks(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/jwk-set+json; charset=utf-8");
        res.send(keys.publicKeys().toString());
    }
}
