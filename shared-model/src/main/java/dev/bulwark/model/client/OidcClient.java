package dev.bulwark.model.client;

import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.oidc.OidcProviderInfoList;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.oidc.Pkce;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sign-in through the system browser (OpenID Connect, RFC 8252): the providers to offer, the URL the browser
 * opens, and the exchange of the one-time code for a session.
 */
public final class OidcClient {
    private static final String BASE = "/api/v1/auth/oidc";

    private final Transport transport;

    OidcClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/auth/oidc/providers}: the enabled providers; no sign-in needed. */
    public OidcProviderInfoList providers() {
        return transport.send("GET", BASE + "/providers", null, OidcProviderInfoList.class);
    }

    /**
     * The address the system browser opens to start a sign-in with {@code provider}: {@code GET
     * /api/v1/auth/oidc/{provider}/start}. The server answers with a redirect to the provider.
     *
     * @param redirectUri the desktop's loopback listener, {@code http://127.0.0.1:{port}/...}
     * @param state a random value the loopback redirect must carry back
     * @param codeChallenge the S256 challenge of the verifier that {@link #exchange} will present
     */
    public URI startUri(String provider, URI redirectUri, String state, String codeChallenge) {
        return URI.create(transport.baseUri() + BASE + "/" + encode(provider) + "/start?redirect_uri="
                + encode(redirectUri.toString()) + "&state=" + encode(state) + "&code_challenge="
                + encode(codeChallenge) + "&code_challenge_method=" + Pkce.S256);
    }

    /**
     * {@code POST /api/v1/auth/oidc/token}: exchanges the one-time code for session tokens and keeps the session
     * in the client.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code invalid-credentials} when the code is unknown, used,
     *     expired, or does not match the verifier or redirect URI
     */
    public LoginOutcome exchange(OidcTokenRequest request) {
        SessionTokens tokens = transport.send("POST", BASE + "/token", request, SessionTokens.class);
        transport.startSession(tokens);
        return new LoginOutcome.SignedIn(tokens);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
