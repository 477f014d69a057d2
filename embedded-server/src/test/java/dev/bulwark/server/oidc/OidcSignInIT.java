package dev.bulwark.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.oidc.Pkce;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestServers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in through the system browser, end to end: a real server, a real OpenID Connect provider
 * (mock-oauth2-server) and a browser stand-in that follows redirects, against the desktop's part done by hand.
 */
class OidcSignInIT {
    static final String CLIENT_ID = "bulwark-desktop";
    static final String CLIENT_SECRET = "planted-oidc-client-secret-4711";
    static final String LOOPBACK = "http://127.0.0.1:47123/callback";

    static MockOAuth2Server provider;

    @TempDir
    Path dir;

    TestClock clock;
    BulwarkServer server;
    BulwarkClient admin;
    UserDetails ben;
    BrowserStandIn browser = new BrowserStandIn();

    @BeforeAll
    static void startProvider() {
        provider = new MockOAuth2Server();
        provider.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    @BeforeEach
    void startServer() {
        clock = TestClock.startingNow();
        server = TestServers.embedded(dir, Map.of(), clock);
        TestServers.createAdmin(server);
        admin = IdentityFixtures.admin(server);
        admin.oidcProviders()
                .create(new OidcProviderRequest(
                        "mock", "Mock ID", issuer(), CLIENT_ID, Secret.of(CLIENT_SECRET), null, null, true));
        ben = IdentityFixtures.createUser(admin, "ben@example.com", "Ben Baker", Role.USER);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static String issuer() {
        return provider.issuerUrl("default")
                .newBuilder()
                .host("127.0.0.1")
                .build()
                .toString();
    }

    /** What the desktop makes before opening the browser. */
    record DesktopSide(String verifier, String state, URI start) {}

    DesktopSide desktop(String provider, String method) {
        String verifier = Pkce.randomToken();
        String state = Pkce.randomToken();
        URI start = URI.create(server.baseUri() + "/api/v1/auth/oidc/" + provider + "/start?redirect_uri="
                + encode(LOOPBACK) + "&state=" + state + "&code_challenge=" + Pkce.challengeOf(verifier)
                + "&code_challenge_method=" + method);
        return new DesktopSide(verifier, state, start);
    }

    DesktopSide desktop() {
        BulwarkClient anonymous = new BulwarkClient(server.baseUri());
        String verifier = Pkce.randomToken();
        String state = Pkce.randomToken();
        URI start = anonymous.oidc().startUri("mock", URI.create(LOOPBACK), state, Pkce.challengeOf(verifier));
        return new DesktopSide(verifier, state, start);
    }

    /** The provider signs in {@code email} next, with {@code verified} as its email_verified claim. */
    static void providerSignsIn(String email, boolean verified) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                "default",
                "subject-" + email,
                "JWT",
                List.of(CLIENT_ID),
                Map.of("email", email, "email_verified", verified),
                3600));
    }

    BrowserStandIn.Landing signInInBrowser(DesktopSide side) {
        return browser.open(side.start(), LOOPBACK);
    }

    LoginOutcome exchange(String code, String verifier, String redirectUri) {
        return new BulwarkClient(server.baseUri())
                .oidc()
                .exchange(new OidcTokenRequest(Secret.of(code), Secret.of(verifier), redirectUri));
    }

    ApiException exchangeFails(String code, String verifier, String redirectUri) {
        return catchThrowableOfType(ApiException.class, () -> exchange(code, verifier, redirectUri));
    }

    List<AuditEvent> failures() {
        return admin.audit()
                .events(new AuditQuery(null, null, null, "auth.login.failure", null, null, null, null, null, 100, null))
                .events();
    }

    AuditEvent lastFailure() {
        return failures().getFirst();
    }

    @Test
    void signInThroughTheBrowser_opensASessionForTheExistingUser() {
        providerSignsIn("ben@example.com", true);
        DesktopSide side = desktop();

        BrowserStandIn.Landing landing = signInInBrowser(side);

        assertThat(landing.loopback()).isNotNull();
        assertThat(landing.parameters()).containsEntry("state", side.state()).containsKey("code");
        BulwarkClient desktop = new BulwarkClient(server.baseUri());
        LoginOutcome outcome = desktop.oidc()
                .exchange(new OidcTokenRequest(
                        Secret.of(landing.parameters().get("code")), Secret.of(side.verifier()), LOOPBACK));
        assertThat(outcome).isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(desktop.me().get().email()).isEqualTo("ben@example.com");
        assertNewestSignInWasBensThroughMock(admin);
    }

    /** The newest successful sign-in in the trail is Ben's, through the provider "mock". */
    static void assertNewestSignInWasBensThroughMock(BulwarkClient admin) {
        AuditEvent success = admin.audit()
                .events(new AuditQuery(null, null, null, "auth.login.success", null, null, null, null, null, 1, null))
                .events()
                .getFirst();
        assertThat(success.actor().email()).isEqualTo("ben@example.com");
        assertThat(success.authMethod()).isEqualTo("oidc:mock");
    }

    @Test
    void theProvidersList_namesTheEnabledProvidersWithoutSigningIn() {
        var providers = new BulwarkClient(server.baseUri()).oidc().providers().providers();

        assertThat(providers).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("mock");
            assertThat(p.displayName()).isEqualTo("Mock ID");
        });
    }

    @Test
    void aReplayedCode_isRefusedAndAudited() {
        providerSignsIn("ben@example.com", true);
        DesktopSide side = desktop();
        String code = signInInBrowser(side).parameters().get("code");
        exchange(code, side.verifier(), LOOPBACK);

        ApiException replay = exchangeFails(code, side.verifier(), LOOPBACK);

        assertThat(replay.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(lastFailure().reason()).contains("replayed");
        assertThat(lastFailure().actor().email()).isEqualTo("ben@example.com");
    }

    @Test
    void aWrongVerifier_isRefusedAndBurnsTheCode() {
        providerSignsIn("ben@example.com", true);
        DesktopSide side = desktop();
        String code = signInInBrowser(side).parameters().get("code");

        ApiException wrong = exchangeFails(code, Pkce.randomToken(), LOOPBACK);
        ApiException afterwards = exchangeFails(code, side.verifier(), LOOPBACK);

        assertThat(wrong.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(afterwards.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(failures()).extracting(AuditEvent::reason).anyMatch(r -> r.contains("verifier does not match"));
    }

    @Test
    void anotherRedirectUriAtTheExchange_isRefused() {
        providerSignsIn("ben@example.com", true);
        DesktopSide side = desktop();
        String code = signInInBrowser(side).parameters().get("code");

        ApiException refused = exchangeFails(code, side.verifier(), "http://127.0.0.1:47124/callback");

        assertThat(refused.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(lastFailure().reason()).contains("redirect URI");
    }

    @Test
    void aCodeExchangedAfterSixtySeconds_isRefused() {
        providerSignsIn("ben@example.com", true);
        DesktopSide side = desktop();
        String code = signInInBrowser(side).parameters().get("code");
        clock.advance(Duration.ofSeconds(61));

        ApiException expired = exchangeFails(code, side.verifier(), LOOPBACK);

        assertThat(expired.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(lastFailure().reason()).contains("expired");
    }

    @Test
    void theCodeLifetimeSetting_isHonoured() {
        server.close();
        server = TestServers.embedded(dir, Map.of("BULWARK_OIDC_CODE_TTL", "20s"), clock);
        admin = IdentityFixtures.admin(server);
        providerSignsIn("ben@example.com", true);
        DesktopSide side = desktop();
        String code = signInInBrowser(side).parameters().get("code");
        clock.advance(Duration.ofSeconds(21));

        ApiException expired = exchangeFails(code, side.verifier(), LOOPBACK);

        assertThat(expired.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(lastFailure().reason()).contains("expired 20 s after issue");
    }

    @Test
    void anUnknownState_endsOnAPlainPageWithAStrictPolicy() {
        HttpResponse<String> page = browser.get(
                URI.create(server.baseUri() + "/api/v1/auth/oidc/mock/callback?code=abc&state=" + Pkce.randomToken()));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().allValues("Content-Security-Policy"))
                .singleElement()
                .satisfies(
                        csp -> assertThat(csp).startsWith("default-src 'none'").doesNotContain("script"));
        assertThat(page.body()).contains("Start the sign-in again");
        assertThat(lastFailure().reason()).contains("state is unknown");
    }

    @Test
    void theProvidersAnswerReplayedToTheCallback_isRefused() {
        providerSignsIn("ben@example.com", true);
        DesktopSide side = desktop();
        BrowserStandIn.Landing atCallback = browser.follow(
                side.start(),
                location -> location.getPath().endsWith("/callback")
                        && location.getPort() == server.baseUri().getPort());
        assertThat(browser.get(atCallback.loopback()).statusCode()).isEqualTo(302);

        HttpResponse<String> replay = browser.get(atCallback.loopback());

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(lastFailure().reason()).contains("replayed");
    }

    @Test
    void aForeignRedirectUri_isNeverRedirectedTo() {
        for (String foreign : List.of(
                "http://evil.example:8080/callback",
                "https://127.0.0.1:47123/callback",
                "http://localhost:47123/callback",
                "http://127.0.0.1/callback",
                "http://127.0.0.1:47123/callback?next=http://evil.example")) {
            URI start = URI.create(server.baseUri() + "/api/v1/auth/oidc/mock/start?redirect_uri=" + encode(foreign)
                    + "&state=s&code_challenge=" + Pkce.challengeOf(Pkce.randomToken())
                    + "&code_challenge_method=S256");

            HttpResponse<String> page = browser.get(start);

            assertThat(page.statusCode()).as(foreign).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).as(foreign).isEmpty();
            assertThat(lastFailure().reason()).contains("not a loopback address");
        }
    }

    @Test
    void thePlainPkceMethod_isRefusedAndAudited() {
        DesktopSide side = desktop("mock", "plain");

        BrowserStandIn.Landing landing = signInInBrowser(side);

        assertThat(landing.parameters()).containsEntry("error", "invalid_request");
        assertThat(lastFailure().reason()).contains("plain").contains("only S256");
    }

    @Test
    void anUnknownEmail_goesBackToTheDesktopAsUnknownUser() {
        providerSignsIn("stranger@example.com", true);

        BrowserStandIn.Landing landing = signInInBrowser(desktop());

        assertThat(landing.parameters()).containsEntry("error", "unknown_user").doesNotContainKey("code");
        assertThat(lastFailure().actor().email()).isEqualTo("stranger@example.com");
        assertThat(lastFailure().reason()).contains("No user has the email");
    }

    @Test
    void anUnverifiedEmail_isRefused() {
        providerSignsIn("ben@example.com", false);

        BrowserStandIn.Landing landing = signInInBrowser(desktop());

        assertThat(landing.parameters()).containsEntry("error", "email_not_verified");
        assertThat(lastFailure().reason()).contains("not verified");
    }

    @Test
    void aDisabledUser_isRefused() {
        admin.users().disable(ben.user().id());
        providerSignsIn("ben@example.com", true);

        BrowserStandIn.Landing landing = signInInBrowser(desktop());

        assertThat(landing.parameters()).containsEntry("error", "user_disabled");
        assertThat(lastFailure().reason()).contains("disabled");
        assertThat(lastFailure().targetName()).isEqualTo("ben@example.com");
    }

    @Test
    void anEmailOutsideTheAllowedDomains_isRefused() {
        var mock = admin.oidcProviders().list().providers().getFirst();
        admin.oidcProviders()
                .update(
                        mock.id(),
                        new OidcProviderRequest(
                                "mock", "Mock ID", issuer(), CLIENT_ID, null, null, List.of("corp.example"), true));
        providerSignsIn("ben@example.com", true);

        BrowserStandIn.Landing landing = signInInBrowser(desktop());

        assertThat(landing.parameters()).containsEntry("error", "domain_not_allowed");
        assertThat(lastFailure().reason()).contains("example.com");
    }

    @Test
    void cancellingAtTheProvider_goesBackToTheDesktopAsCancelled() {
        DesktopSide side = desktop();
        BrowserStandIn.Landing atProvider = browser.follow(
                side.start(),
                location -> location.getPort() == provider.baseUrl().port());
        String serverState = BrowserStandIn.query(atProvider.loopback()).get("state");

        BrowserStandIn.Landing landing = browser.open(
                URI.create(server.baseUri() + "/api/v1/auth/oidc/mock/callback?error=access_denied&state="
                        + encode(serverState)),
                LOOPBACK);

        assertThat(landing.parameters()).containsEntry("error", "cancelled").containsEntry("state", side.state());
        assertThat(lastFailure().reason()).contains("cancelled");
    }

    @Test
    void anExpiredIdToken_isRefusedAsAProviderError() {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                "default",
                "subject-ben",
                "JWT",
                List.of(CLIENT_ID),
                Map.of("email", "ben@example.com", "email_verified", true),
                -600));

        BrowserStandIn.Landing landing = signInInBrowser(desktop());

        assertThat(landing.parameters())
                .containsEntry("error", "provider_error")
                .doesNotContainKey("code");
        assertThat(lastFailure().reason()).contains("ID token was refused").contains("xpired");
    }

    @Test
    void theRequestToTheProvider_carriesStateNonceAndAnS256Challenge() {
        DesktopSide side = desktop();

        BrowserStandIn.Landing atProvider = browser.follow(
                side.start(),
                location -> location.getPort() == provider.baseUrl().port());

        Map<String, String> sent = BrowserStandIn.query(atProvider.loopback());
        assertThat(sent)
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("scope", "openid email profile")
                .containsEntry("redirect_uri", server.baseUri() + "/api/v1/auth/oidc/mock/callback")
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(sent.get("state")).isNotEqualTo(side.state());
        assertThat(sent.get("code_challenge")).isNotEqualTo(Pkce.challengeOf(side.verifier()));
    }

    @Test
    void theClientSecret_neverReachesALogLineAnAuditRecordOrTheDatabaseFile() throws Exception {
        List<String> logLines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logLines.add(new dev.bulwark.server.log.JsonLogFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level before = root.getLevel();
        capture.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        root.setLevel(java.util.logging.Level.ALL);
        try {
            providerSignsIn("ben@example.com", true);
            DesktopSide side = desktop();
            exchange(signInInBrowser(side).parameters().get("code"), side.verifier(), LOOPBACK);
            providerSignsIn("stranger@example.com", true);
            signInInBrowser(desktop());
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        String audit = dev.bulwark.model.Json.strict()
                .writeValueAsString(admin.audit().events(AuditQuery.all()).events());
        server.close();

        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(CLIENT_SECRET));
        assertThat(audit).doesNotContain(CLIENT_SECRET);
        try (var files = java.nio.file.Files.walk(dir)) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                assertThat(new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain(CLIENT_SECRET);
            }
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
