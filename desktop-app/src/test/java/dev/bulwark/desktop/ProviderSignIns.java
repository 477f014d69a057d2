package dev.bulwark.desktop;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.oidc.Pkce;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * Browser sign-ins done by hand for tests that need one as a precondition (a linked account): a real provider
 * (mock-oauth2-server on 127.0.0.1), redirects followed as a browser would, the desktop's part through the client.
 */
public final class ProviderSignIns {
    public static final String CLIENT_ID = "bulwark-desktop";
    private static final String LOOPBACK = "http://127.0.0.1:47999/callback";

    private ProviderSignIns() {}

    /** The provider "mock" at {@code provider}, with a client secret. */
    public static OidcProviderRequest mock(MockOAuth2Server provider) {
        return new OidcProviderRequest(
                "mock",
                "Mock ID",
                provider.issuerUrl("default")
                        .newBuilder()
                        .host("127.0.0.1")
                        .build()
                        .toString(),
                CLIENT_ID,
                Secret.of("desktop-test-secret"),
                null,
                null,
                true);
    }

    /** The provider signs in {@code email} as {@code subject} next. */
    public static void next(MockOAuth2Server provider, String email, String subject) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                "default", subject, "JWT", List.of(CLIENT_ID), Map.of("email", email, "email_verified", true), 3600));
    }

    /** A whole browser sign-in through "mock" to the server at {@code server}, exchanged by a fresh client. */
    public static LoginOutcome signIn(URI server) {
        BulwarkClient desktop = new BulwarkClient(server);
        String verifier = Pkce.randomToken();
        URI at = desktop.oidc().startUri("mock", URI.create(LOOPBACK), Pkce.randomToken(), Pkce.challengeOf(verifier));
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
        try {
            for (int hops = 0; hops < 10; hops++) {
                HttpResponse<String> page =
                        browser.send(HttpRequest.newBuilder(at).build(), HttpResponse.BodyHandlers.ofString());
                URI from = at;
                URI next = page.headers()
                        .firstValue("Location")
                        .map(from::resolve)
                        .orElseThrow(() -> new AssertionError("No redirect from " + from + ": " + page.body()));
                if (next.toString().startsWith(LOOPBACK)) {
                    String code = parameter(next, "code");
                    return desktop.oidc()
                            .exchange(new OidcTokenRequest(Secret.of(code), Secret.of(verifier), LOOPBACK));
                }
                at = next;
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("The sign-in did not come back to the desktop");
    }

    private static String parameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name) && parts.length == 2) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("No " + name + " in " + uri);
    }
}
