package dev.bulwark.server.oidc;

import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.JsonBodies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.util.Optional;

/**
 * {@code /api/v1/auth/oidc}: sign-in through the system browser. No bearer token: these are public endpoints,
 * limited per address like every unauthenticated request.
 */
public final class OidcRoutes implements HttpService {
    private final OidcSignInService signIn;
    private final Optional<URI> publicUrl;

    /**
     * @param publicUrl the configured address of this server ({@code server.public-url}); without one, the
     *     provider returns to the address the browser used
     */
    public OidcRoutes(OidcSignInService signIn, Optional<URI> publicUrl) {
        this.signIn = signIn;
        this.publicUrl = publicUrl;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/providers", this::providers)
                .get("/{provider}/start", this::start)
                .get("/{provider}/callback", this::callback)
                .post("/token", this::token);
    }

    private void providers(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(res, signIn.providers());
    }

    private void start(ServerRequest req, ServerResponse res) {
        var query = req.query();
        var request = new OidcSignInService.StartRequest(
                query.first("redirect_uri").orElse(null),
                query.first("state").orElse(null),
                query.first("code_challenge").orElse(null),
                query.first("code_challenge_method").orElse(null));
        URI serverBase = publicUrl.orElseGet(() -> URI.create(
                req.requestedUri().scheme() + "://" + req.requestedUri().authority() + "/"));
        show(res, signIn.start(provider(req), request, serverBase, ClientInfo.of(req)));
    }

    private void callback(ServerRequest req, ServerResponse res) {
        var query = req.query();
        var request = new OidcSignInService.CallbackRequest(
                query.first("state").orElse(null),
                query.first("code").orElse(null),
                query.first("error").orElse(null));
        show(res, signIn.callback(provider(req), request, ClientInfo.of(req)));
    }

    private void token(ServerRequest req, ServerResponse res) {
        JsonBodies.ok(
                res,
                switch (signIn.exchange(JsonBodies.read(req, OidcTokenRequest.class), ClientInfo.of(req))) {
                    case LoginOutcome.SignedIn signedIn -> signedIn.tokens();
                    case LoginOutcome.MfaRequired mfa -> mfa.challenge();
                });
    }

    private static String provider(ServerRequest req) {
        return req.path().pathParameters().get("provider");
    }

    private static void show(ServerResponse res, BrowserStep step) {
        switch (step) {
            case BrowserStep.Redirect redirect -> {
                res.status(Status.FOUND_302);
                res.header(HeaderNames.LOCATION, redirect.location().toString());
                res.send();
            }
            case BrowserStep.Page page -> SignInPages.send(res, page);
        }
    }
}
