package dev.bulwark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.mfa.KnownIp;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.token.CreatedApiToken;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestServers;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.trusted-proxies} over real HTTP (decision 0038). The test plays the reverse proxy: requests from
 * 127.0.0.1, the one trusted proxy, carry the {@code X-Forwarded-For} a proxy that appends the address it saw
 * would send; requests from 127.0.0.2 are a peer nobody trusts. Every test tries to get around a rule.
 */
class TrustedProxiesIT {
    private static final String PROXY = "127.0.0.1";
    private static final String STRANGER = "127.0.0.2";
    private static final String ALICE = "203.0.113.7";
    private static final String BOB = "198.51.100.23";
    private static final String LEE = "lee@example.com";
    private static final Pattern CODE = Pattern.compile("sign-in code: (\\d{6})");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private BulwarkServer server;
    private BulwarkClient admin;
    private UUID lee;

    /** A server trusting 127.0.0.1 as its proxy, with {@code environment}, an admin and Lee. */
    private void start(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("BULWARK_SERVER_TRUSTED_PROXIES", PROXY + "/32");
        server = TestServers.embedded(dir, env, clock);
        TestServers.createAdmin(server);
        admin = IdentityFixtures.admin(server);
        lee = IdentityFixtures.createUser(admin, LEE, "Lee", Role.USER).user().id();
        clock.advance(Duration.ofMinutes(1));
    }

    /** Like {@link #start}, with the second factor on and mail through GreenMail; the admin signs in from 127.0.0.3. */
    private void startWithSecondFactor(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(mfaEnvironment());
        env.putAll(environment);
        server = TestServers.embedded(dir, env, clock);
        TestServers.createAdmin(server);
        admin = directClient("127.0.0.3");
        LoginOutcome outcome =
                admin.auth().login(new LoginRequest(TestServers.ADMIN_EMAIL, Secret.of(TestServers.ADMIN_PASSWORD)));
        admin.auth()
                .completeSecondFactor(new MfaVerifyRequest(
                        ((LoginOutcome.MfaRequired) outcome).challenge().challengeId(),
                        MfaMethod.EMAIL,
                        Secret.of(lastCodeTo(TestServers.ADMIN_EMAIL))));
        lee = IdentityFixtures.createUser(admin, LEE, "Lee", Role.USER).user().id();
    }

    private static Map<String, String> mfaEnvironment() {
        return Map.of(
                "BULWARK_SERVER_TRUSTED_PROXIES", PROXY + "/32",
                "BULWARK_MFA_ENABLED", "true",
                "BULWARK_MAIL_HOST", "127.0.0.1",
                "BULWARK_MAIL_PORT", Integer.toString(MAIL.getSmtp().getPort()),
                "BULWARK_MAIL_SECURITY", "none",
                "BULWARK_MAIL_FROM", "bulwark@example.com");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- requests as a proxy and as a stranger send them

    private HttpClient http(String from) {
        return clients.computeIfAbsent(from, ip -> {
            try {
                return HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .localAddress(InetAddress.getByName(ip))
                        .build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A typed client whose requests come straight from {@code ip}, without X-Forwarded-For. */
    private BulwarkClient directClient(String ip) {
        return new BulwarkClient(server.baseUri(), http(ip));
    }

    /**
     * Sends a request from {@code from}; each {@code forwardedFor} is one X-Forwarded-For header as received, so a
     * proxy that appends sends "what the client sent, the address it saw".
     */
    private HttpResponse<String> send(
            String from, String method, String path, Object body, String bearer, String... forwardedFor) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(server.baseUri().resolve(path));
            for (String value : forwardedFor) {
                request.header("X-Forwarded-For", value);
            }
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(
                                method,
                                HttpRequest.BodyPublishers.ofString(
                                        Json.lenient().writeValueAsString(body)));
            }
            return http(from).send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> signIn(String from, String email, String password, String... forwardedFor) {
        return send(
                from, "POST", "/api/v1/auth/login", Map.of("email", email, "password", password), null, forwardedFor);
    }

    private HttpResponse<String> get(String from, String path, String bearer, String... forwardedFor) {
        return send(from, "GET", path, null, bearer, forwardedFor);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.lenient().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs Lee in through the proxy, forwarding {@code forwardedFor}, with the mailed code; the access token. */
    private String signInWithCode(String... forwardedFor) {
        HttpResponse<String> first = signIn(PROXY, LEE, IdentityFixtures.PASSWORD, forwardedFor);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).path("mfaRequired").asBoolean())
                .as("a second factor is asked")
                .isTrue();
        HttpResponse<String> second = send(
                PROXY,
                "POST",
                "/api/v1/auth/mfa",
                Map.of(
                        "challengeId",
                        json(first).get("challengeId").asText(),
                        "method",
                        "EMAIL",
                        "code",
                        lastCodeTo(LEE)),
                null,
                forwardedFor);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        return json(second).get("accessToken").asText();
    }

    private static String lastCodeTo(String email) {
        List<MimeMessage> mails = List.of(MAIL.getReceivedMessages());
        for (int i = mails.size() - 1; i >= 0; i--) {
            try {
                if (GreenMailUtil.getAddressList(mails.get(i).getAllRecipients())
                        .contains(email)) {
                    Matcher m = CODE.matcher(GreenMailUtil.getBody(mails.get(i)));
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No code was mailed to " + email);
    }

    private List<AuditEvent> audited(AuditAction action) {
        return admin.audit()
                .events(new AuditQuery(null, null, null, action.code(), null, null, null, null, null, 1000, null))
                .events();
    }

    private List<String> sourcesOf(AuditAction action, String email) {
        return audited(action).stream()
                .filter(e -> (e.actor() != null && email.equals(e.actor().email())) || email.equals(e.targetName()))
                .map(AuditEvent::sourceIp)
                .toList();
    }

    // --- the address that is recorded

    @Test
    void theAuditRecordsTheForwardedClient_whenThePeerIsATrustedProxy() {
        start(Map.of());

        assertThat(signIn(PROXY, LEE, IdentityFixtures.PASSWORD, ALICE).statusCode())
                .isEqualTo(200);
        assertThat(signIn(PROXY, LEE, "wrong password", "10.66.0.1, " + BOB).statusCode())
                .isEqualTo(401);

        assertThat(sourcesOf(AuditAction.AUTH_LOGIN_SUCCESS, LEE)).containsExactly(ALICE);
        assertThat(sourcesOf(AuditAction.AUTH_LOGIN_FAILURE, LEE)).containsExactly(BOB);
    }

    @Test
    void aSpoofedXForwardedFor_fromAPeerThatIsNotTrusted_isIgnored_andTheAuditShowsThePeer() {
        start(Map.of());

        signIn(STRANGER, LEE, "wrong password", ALICE);
        signIn(STRANGER, LEE, "wrong password", PROXY);
        signIn(STRANGER, LEE, "wrong password", ALICE + ", " + PROXY, BOB);
        signIn(STRANGER, LEE, IdentityFixtures.PASSWORD, ALICE);

        assertThat(sourcesOf(AuditAction.AUTH_LOGIN_FAILURE, LEE)).hasSize(3).containsOnly(STRANGER);
        assertThat(sourcesOf(AuditAction.AUTH_LOGIN_SUCCESS, LEE)).containsExactly(STRANGER);
    }

    @Test
    void aMalformedForwardedEntry_countsAsTheProxy_neverAsAnAddressTheSenderChose() {
        start(Map.of());

        signIn(PROXY, LEE, "wrong password", ALICE + ", not-an-address");
        signIn(PROXY, LEE, "wrong password", ALICE + ":4711");
        signIn(PROXY, LEE, "wrong password", ALICE + ",");

        assertThat(sourcesOf(AuditAction.AUTH_LOGIN_FAILURE, LEE)).hasSize(3).containsOnly(PROXY);
    }

    @Test
    void anApiTokenUsedThroughTheProxy_showsTheForwardedClientAsItsLastUse() {
        start(Map.of());
        CreatedApiToken created = admin.me().tokens().create(CreateApiTokenRequest.named("through the proxy"));

        assertThat(get(PROXY, "/api/v1/me", created.value().reveal(), "10.0.0.1, " + ALICE)
                        .statusCode())
                .isEqualTo(200);

        assertThat(admin.me().tokens().list().items().getFirst().lastUsedIp()).isEqualTo(ALICE);
    }

    @Test
    void aBrowserSignInStartedThroughTheProxy_isAuditedWithTheForwardedClient() {
        start(Map.of());
        String badReturn = URLEncoder.encode("https://attacker.example/cb", StandardCharsets.UTF_8);

        HttpResponse<String> page = get(
                PROXY,
                "/api/v1/auth/oidc/google/start?redirect_uri=" + badReturn + "&state=s&code_challenge=c"
                        + "&code_challenge_method=S256",
                null,
                ALICE);
        get(STRANGER, "/api/v1/auth/oidc/google/start?redirect_uri=" + badReturn, null, ALICE);

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(audited(AuditAction.AUTH_LOGIN_FAILURE))
                .filteredOn(e -> e.authMethod().startsWith("oidc:"))
                .extracting(AuditEvent::sourceIp)
                .containsExactlyInAnyOrder(ALICE, STRANGER);
    }

    // --- limits and lockout per client

    @Test
    void twoForwardedClients_areRateLimitedSeparately() {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "3/1m"));
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(PROXY, "nobody@example.com", "guess", ALICE).statusCode())
                    .isEqualTo(401);
        }

        assertThat(signIn(PROXY, "nobody@example.com", "guess", ALICE).statusCode())
                .isEqualTo(429);
        assertThat(signIn(PROXY, "nobody@example.com", "guess", BOB).statusCode())
                .isEqualTo(401);
        assertThat(signIn(PROXY, LEE, IdentityFixtures.PASSWORD, BOB).statusCode())
                .isEqualTo(200);
        assertThat(audited(AuditAction.RATE_LIMIT))
                .extracting(AuditEvent::sourceIp)
                .containsExactly(ALICE);
    }

    @Test
    void publicRequests_areRateLimitedPerForwardedClient() {
        start(Map.of("BULWARK_RATE_LIMITS_PUBLIC_PER_IP", "3/1m"));
        for (int i = 0; i < 3; i++) {
            assertThat(get(PROXY, "/api/v1/server", null, ALICE).statusCode()).isEqualTo(200);
        }

        assertThat(get(PROXY, "/api/v1/server", null, ALICE).statusCode()).isEqualTo(429);
        assertThat(get(PROXY, "/api/v1/server", null, BOB).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientRotatingItsSpoofedLeftMostEntry_throughTheProxy_isStillLimitedByItsRealAddress() {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "3/1m"));
        List<String> spoofed = List.of("10.9.9.1", PROXY, BOB, "2001:db8::1", "garbage");

        List<Integer> statuses = spoofed.stream()
                .map(lie -> signIn(PROXY, "nobody@example.com", "guess", lie + ", " + ALICE)
                        .statusCode())
                .toList();

        assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
        assertThat(signIn(PROXY, "nobody@example.com", "guess", ALICE, PROXY).statusCode())
                .as("a second header naming the proxy is a trusted hop, skipped")
                .isEqualTo(429);
    }

    @Test
    void aStrangerRotatingItsXForwardedFor_isLimitedAsOneAddress() {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "3/1m"));

        List<Integer> statuses = List.of(ALICE, BOB, "10.0.0.1", PROXY, "192.0.2.1").stream()
                .map(lie -> signIn(STRANGER, "nobody@example.com", "guess", lie).statusCode())
                .toList();

        assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
        assertThat(signIn(PROXY, "nobody@example.com", "guess", ALICE).statusCode())
                .as("the client it pretended to be is not limited")
                .isEqualTo(401);
    }

    @Test
    void theLockout_countsPerForwardedAddress_andNeitherASpoofedEntryNorTheProxysAddressReachesTheOwnersOwn() {
        start(Map.of("BULWARK_SIGN_IN_LOCKOUT_THRESHOLD", "3"));
        assertThat(signIn(PROXY, LEE, IdentityFixtures.PASSWORD, ALICE).statusCode())
                .as("Lee signs in from Alice's address, which becomes Lee's own")
                .isEqualTo(200);
        assertThat(signIn(PROXY, LEE, IdentityFixtures.PASSWORD).statusCode())
                .as("and once through the proxy itself")
                .isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(PROXY, LEE, "guess " + i, BOB).statusCode()).isEqualTo(401);
        }
        assertThat(audited(AuditAction.AUTH_LOCKOUT))
                .extracting(AuditEvent::sourceIp)
                .containsExactly(BOB);

        assertThat(signIn(PROXY, LEE, IdentityFixtures.PASSWORD, BOB).statusCode())
                .as("Bob is locked out")
                .isEqualTo(401);
        assertThat(signIn(PROXY, LEE, IdentityFixtures.PASSWORD, ALICE + ", " + BOB)
                        .statusCode())
                .as("Bob naming Alice's address left of his own")
                .isEqualTo(401);
        assertThat(signIn(STRANGER, LEE, IdentityFixtures.PASSWORD, ALICE).statusCode())
                .as("a stranger naming Alice's address directly")
                .isEqualTo(401);
        assertThat(signIn(PROXY, LEE, IdentityFixtures.PASSWORD).statusCode())
                .as("the proxy's own address, though Lee signed in from it, is nobody's own")
                .isEqualTo(401);
        assertThat(signIn(PROXY, LEE, IdentityFixtures.PASSWORD, ALICE).statusCode())
                .as("Lee from Alice's address")
                .isEqualTo(200);
    }

    // --- known addresses of the second factor

    @Test
    void theProxysOwnAddress_isNeverAKnownAddress_butAForwardedClientIs() {
        startWithSecondFactor(Map.of());

        signInWithCode();
        signInWithCode();

        assertThat(admin.mfa().knownIpsOf(lee).items()).isEmpty();
        assertThat(sourcesOf(AuditAction.AUTH_NEW_IP, LEE)).isEmpty();
        assertThat(sourcesOf(AuditAction.AUTH_MFA_SUCCESS, LEE)).containsExactly(PROXY, PROXY);

        String token = signInWithCode("10.0.0.8, " + ALICE);

        assertThat(admin.mfa().knownIpsOf(lee).items()).extracting(KnownIp::ip).containsExactly(ALICE);
        assertThat(json(get(PROXY, "/api/v1/me/known-ips", token, ALICE)).toString())
                .contains(ALICE)
                .doesNotContain(PROXY);
        HttpResponse<String> again = signIn(PROXY, LEE, IdentityFixtures.PASSWORD, ALICE);
        assertThat(json(again).has("accessToken"))
                .as("Alice's address is known now")
                .isTrue();
        assertThat(sourcesOf(AuditAction.AUTH_NEW_IP, LEE)).containsExactly(ALICE);
    }

    @Test
    void aChallengeOpenedForOneForwardedClient_cannotBeCompletedByAnother() {
        startWithSecondFactor(Map.of());
        HttpResponse<String> first = signIn(PROXY, LEE, IdentityFixtures.PASSWORD, ALICE);

        HttpResponse<String> stolen = send(
                PROXY,
                "POST",
                "/api/v1/auth/mfa",
                Map.of(
                        "challengeId",
                        json(first).get("challengeId").asText(),
                        "method",
                        "EMAIL",
                        "code",
                        lastCodeTo(LEE)),
                null,
                ALICE + ", " + BOB);

        assertThat(stolen.statusCode()).isEqualTo(401);
        assertThat(json(stolen).get("type").asText()).endsWith("mfa-challenge-invalid");
        assertThat(admin.mfa().knownIpsOf(lee).items()).isEmpty();
    }

    @Test
    void theProxysAddress_rememberedBeforeTheProxyWasTrusted_noLongerSkipsTheSecondFactor() {
        startWithSecondFactor(Map.of("BULWARK_SERVER_TRUSTED_PROXIES", ""));
        signInWithCode();
        assertThat(admin.mfa().knownIpsOf(lee).items()).extracting(KnownIp::ip).containsExactly(PROXY);
        assertThat(json(signIn(PROXY, LEE, IdentityFixtures.PASSWORD)).has("accessToken"))
                .as("without trusted proxies, 127.0.0.1 is one client, known now")
                .isTrue();
        server.close();

        server = TestServers.embedded(dir, mfaEnvironment(), clock);

        HttpResponse<String> through = signIn(PROXY, LEE, IdentityFixtures.PASSWORD);
        assertThat(json(through).path("mfaRequired").asBoolean()).isTrue();
        assertThat(json(through).has("accessToken")).isFalse();
    }

    // --- operator endpoints

    @Test
    void healthAndMetrics_demandCredentialsThroughTheProxy_evenOnLoopback() {
        start(Map.of());
        String bearer = admin.session().orElseThrow().accessToken().reveal();
        CreatedApiToken leeToken =
                IdentityFixtures.signIn(server, LEE).me().tokens().create(CreateApiTokenRequest.named("no settings"));

        for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
            assertThat(get(PROXY, path, null, ALICE).statusCode())
                    .as(path + " forwarded")
                    .isEqualTo(401);
            assertThat(get(PROXY, path, null).statusCode())
                    .as(path + " from the proxy itself")
                    .isEqualTo(401);
            assertThat(get(PROXY, path, null, PROXY).statusCode())
                    .as(path + " forwarded for the proxy's own address")
                    .isEqualTo(401);
            assertThat(get(PROXY, path, leeToken.value().reveal(), ALICE).statusCode())
                    .as(path + " with a bearer without SETTINGS READ")
                    .isEqualTo(403);
            assertThat(get(PROXY, path, bearer, ALICE).statusCode())
                    .as(path + " with SETTINGS READ")
                    .isEqualTo(200);
            assertThat(get(STRANGER, path, null, ALICE).statusCode())
                    .as(path + " from another local peer, whose X-Forwarded-For is ignored")
                    .isEqualTo(200);
        }
    }
}
