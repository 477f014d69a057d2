package dev.bulwark.server.oidc;

import static dev.bulwark.server.TestServers.ADMIN_EMAIL;
import static dev.bulwark.server.TestServers.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.client.ServerTrust;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.oidc.Pkce;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerProcess;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in through the system browser against a standalone server: {@code bulwark-server serve} in a process of its
 * own, over TLS with the self-signed certificate {@code init} made, a console that pinned its fingerprint, a browser
 * whose user accepted that certificate, and a real OpenID Connect provider (mock-oauth2-server).
 *
 * <p>The server is configured with a public address ({@code server.public-url}) that differs from the one the
 * console uses, as behind a reverse proxy: the provider must send the browser back to the public address.
 */
class OidcStandaloneSignInIT {
    private static final Pattern FINGERPRINT = Pattern.compile("SHA-256 fingerprint (([0-9A-F]{2}:){31}[0-9A-F]{2})");
    private static final String LOOPBACK = "http://127.0.0.1:47124/callback";

    static MockOAuth2Server provider;
    static ServerProcess server;
    static URI base;
    static URI publicUrl;
    static ServerTrust trust;
    static BrowserStandIn browser;
    static BulwarkClient admin;

    @BeforeAll
    static void startProviderAndServer(@TempDir Path dir) throws Exception {
        provider = new MockOAuth2Server();
        provider.start(java.net.InetAddress.getLoopbackAddress(), 0);

        Path passwordFile = Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD + "\n");
        Path data = dir.resolve("data");
        ServerProcess.Result init = ServerProcess.initWithAdmin(data, ADMIN_EMAIL, passwordFile);
        assertThat(init.exitCode()).as(init.output()).isZero();

        int port = freePort();
        publicUrl = URI.create("https://localhost:" + port + "/");
        server = ServerProcess.startWith(
                Map.of(
                        "BULWARK_SERVER_PUBLIC_URL",
                        publicUrl.toString(),
                        "BULWARK_OIDC_ALLOW_INSECURE_LOOPBACK",
                        "true"),
                "serve",
                "--data-dir",
                data.toString(),
                "--port",
                Integer.toString(port));
        base = server.awaitListening(Duration.ofSeconds(30));
        assertThat(base.getScheme()).isEqualTo("https");
        Matcher printed = FINGERPRINT.matcher(server.output());
        assertThat(printed.find()).as(server.output()).isTrue();
        trust = ServerTrust.systemOrPinned(printed.group(1));
        browser = new BrowserStandIn(acceptingOnly(data.resolve("tls-certificate.pem")));

        admin = new BulwarkClient(base, trust.httpClient());
        admin.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
        admin.oidcProviders()
                .create(new OidcProviderRequest(
                        "mock",
                        "Mock ID",
                        provider.issuerUrl("default")
                                .newBuilder()
                                .host("127.0.0.1")
                                .build()
                                .toString(),
                        OidcSignInIT.CLIENT_ID,
                        Secret.of(OidcSignInIT.CLIENT_SECRET),
                        null,
                        null,
                        true));
        IdentityFixtures.createUser(admin, "ben@example.com", "Ben Baker", Role.USER);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        provider.shutdown();
    }

    /** The desktop's part: a verifier and a state of its own, and the start address on the server it pinned. */
    record DesktopSide(String verifier, String state, URI start) {}

    static DesktopSide desktop() {
        String verifier = Pkce.randomToken();
        String state = Pkce.randomToken();
        URI start = new BulwarkClient(base, trust.httpClient())
                .oidc()
                .startUri("mock", URI.create(LOOPBACK), state, Pkce.challengeOf(verifier));
        return new DesktopSide(verifier, state, start);
    }

    static void providerSignsIn(String email) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                "default",
                "subject-" + email,
                "JWT",
                List.of(OidcSignInIT.CLIENT_ID),
                Map.of("email", email, "email_verified", true),
                3600));
    }

    static LoginOutcome exchange(BulwarkClient desktop, String code, String verifier) {
        return desktop.oidc().exchange(new OidcTokenRequest(Secret.of(code), Secret.of(verifier), LOOPBACK));
    }

    @Test
    void theProviderIsSentBackToThePublicAddressOverTls() {
        HttpResponse<String> toProvider = browser.get(desktop().start());

        assertThat(toProvider.statusCode()).isEqualTo(302);
        URI authorize = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString())
                .startsWith(provider.issuerUrl("default")
                        .newBuilder()
                        .host("127.0.0.1")
                        .build()
                        .toString());
        assertThat(BrowserStandIn.query(authorize))
                .containsEntry(
                        "redirect_uri",
                        publicUrl.resolve("/api/v1/auth/oidc/mock/callback").toString())
                .containsEntry("code_challenge_method", "S256");
    }

    @Test
    void theRedirectUriToRegister_isThePublicAddress() {
        var listed = admin.oidcProviders().list().providers();

        assertThat(listed).singleElement().satisfies(p -> {
            String expected =
                    publicUrl.resolve("/api/v1/auth/oidc/mock/callback").toString();
            assertThat(p.callbackUrl()).isEqualTo(expected);
            assertThat(p.redirectUri(base)).isEqualTo(expected);
        });
    }

    @Test
    void signInThroughTheBrowser_landsSignedInOnTheStandaloneServer() {
        providerSignsIn("ben@example.com");
        DesktopSide side = desktop();

        BrowserStandIn.Landing landing = browser.open(side.start(), LOOPBACK);

        assertThat(landing.parameters()).containsEntry("state", side.state()).containsKey("code");
        BulwarkClient desktop = new BulwarkClient(base, trust.httpClient());
        LoginOutcome outcome = exchange(desktop, landing.parameters().get("code"), side.verifier());
        assertThat(outcome).isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(desktop.me().get().email()).isEqualTo("ben@example.com");
        assertThat(trust.lastRejection()).isEmpty();
        OidcSignInIT.assertNewestSignInWasBensThroughMock(admin);
    }

    @Test
    void aReplayedCodeAndAnUnknownUser_areRefusedOnTheStandaloneServerToo() {
        providerSignsIn("ben@example.com");
        DesktopSide side = desktop();
        String code = browser.open(side.start(), LOOPBACK).parameters().get("code");
        BulwarkClient desktop = new BulwarkClient(base, trust.httpClient());
        exchange(desktop, code, side.verifier());

        ApiException replay = catchThrowableOfType(ApiException.class, () -> exchange(desktop, code, side.verifier()));

        assertThat(replay.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);

        providerSignsIn("nobody@example.com");
        BrowserStandIn.Landing unknown = browser.open(desktop().start(), LOOPBACK);
        assertThat(unknown.parameters()).containsEntry("error", "unknown_user").doesNotContainKey("code");
    }

    @Test
    void aConsoleThatPinnedAnotherCertificate_isRefusedBeforeAnythingIsSent() {
        ServerTrust other = ServerTrust.systemOrPinned("00:" + "11:".repeat(30) + "22");

        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> new BulwarkClient(base, other.httpClient()).oidc().providers());

        assertThat(refused.type()).isEqualTo(ProblemType.SERVER_UNREACHABLE);
        assertThat(other.lastRejection().orElseThrow().verdict()).isEqualTo(ServerTrust.Verdict.CHANGED);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What a browser has after its user accepted the server's self-signed certificate: trust in exactly it. */
    private static SSLContext acceptingOnly(Path certificatePem) throws Exception {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(
                        Files.readString(certificatePem).getBytes(StandardCharsets.US_ASCII)));
        KeyStore accepted = KeyStore.getInstance(KeyStore.getDefaultType());
        accepted.load(null, null);
        accepted.setCertificateEntry("bulwark", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(accepted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
