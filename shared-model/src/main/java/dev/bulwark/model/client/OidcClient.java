package dev.bulwark.model.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.oidc.OidcProviderInfoList;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.oidc.Pkce;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
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
     * in the client. An administrator may be asked for a second factor instead, exactly as after a password: then
     * no session starts until {@link AuthClient#completeSecondFactor} succeeds.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code invalid-credentials} when the code is unknown, used,
     *     expired, or does not match the verifier or redirect URI
     */
    public LoginOutcome exchange(OidcTokenRequest request) {
        JsonNode answer = transport.send("POST", BASE + "/token", request, JsonNode.class);
        if (answer != null && answer.path("mfaRequired").asBoolean(false)) {
            return new LoginOutcome.MfaRequired(read(answer, MfaChallenge.class));
        }
        SessionTokens tokens = read(answer, SessionTokens.class);
        transport.startSession(tokens);
        return new LoginOutcome.SignedIn(tokens);
    }

    private static <T> T read(JsonNode answer, Class<T> type) {
        try {
            return Json.lenient().treeToValue(answer, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.of(ProblemType.UNEXPECTED_RESPONSE, "The server's answer could not be read.");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
