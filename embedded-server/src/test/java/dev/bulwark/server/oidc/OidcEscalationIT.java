package dev.bulwark.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.oidc.LinkedIdentity;
import dev.bulwark.model.oidc.OidcProvider;
import dev.bulwark.model.oidc.OidcProviderCheck;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.oidc.Pkce;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestServers;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, the identity-provider escalation (docs/decisions/0027): an EDITOR granted SETTINGS WRITE added a
 * provider whose issuer it controlled, had it assert the administrator's verified email and got an ADMIN session
 * without a second factor. SETTINGS WRITE can no longer be granted (docs/decisions/0026), so the editor here
 * holds the most it can: SETTINGS READ and USERS WRITE. Each step is shown refused and audited, against a real server with MFA on, a real SMTP
 * server and a real OpenID Connect provider (mock-oauth2-server on 127.0.0.1).
 */
class OidcEscalationIT {
    static final String CLIENT_ID = "bulwark-desktop";
    static final String CLIENT_SECRET = "planted-escalation-secret-3141";
    static final String LOOPBACK = "http://127.0.0.1:47125/callback";
    static final String EDITOR = "eve@example.com";
    static final String BEN = "ben@example.com";
    private static final Pattern CODE = Pattern.compile("sign-in code: (\\d{6})");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static MockOAuth2Server provider;

    @TempDir
    Path dir;

    BulwarkServer server;
    BulwarkClient admin;
    BulwarkClient editor;
    UUID adminId;
    OidcProvider mock;
    final BrowserStandIn browser = new BrowserStandIn();

    @BeforeAll
    static void startProvider() {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    @BeforeEach
    void startServer() {
        server = start(Map.of());
        adminId = TestServers.createAdmin(server).id();
        admin = passwordSignInWithEmailCode(TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD, "127.0.0.1");
        UserDetails eve = IdentityFixtures.createUser(admin, EDITOR, "Eve Editor", Role.EDITOR);
        admin.users()
                .setGrants(
                        eve.user().id(),
                        new Grants(Map.of(
                                // the most a non-administrator can hold on SETTINGS since WRITE went to the ADMIN role
                                Module.SETTINGS, AccessLevel.READ,
                                Module.USERS, AccessLevel.WRITE)));
        editor = passwordSignInWithEmailCode(EDITOR, IdentityFixtures.PASSWORD, "127.0.0.1");
        IdentityFixtures.createUser(admin, BEN, "Ben Baker", Role.USER);
        mock = admin.oidcProviders().create(providerRequest("mock", issuer(), CLIENT_ID, false));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    BulwarkServer start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "BULWARK_MFA_ENABLED", "true",
                "BULWARK_MAIL_HOST", "127.0.0.1",
                "BULWARK_MAIL_PORT", Integer.toString(MAIL.getSmtp().getPort()),
                "BULWARK_MAIL_SECURITY", "none",
                "BULWARK_MAIL_FROM", "bulwark@example.com"));
        env.putAll(extra);
        return TestServers.embedded(dir, env, TestClock.startingNow());
    }

    static String issuer() {
        return provider.issuerUrl("default")
                .newBuilder()
                .host("127.0.0.1")
                .build()
                .toString();
    }

    static OidcProviderRequest providerRequest(String slug, String issuer, String clientId, Boolean trustMfa) {
        return new OidcProviderRequest(
                slug, "Mock ID", issuer, clientId, Secret.of(CLIENT_SECRET), null, null, true, trustMfa);
    }

    // --- the escalation, step by step ---

    @Test
    void anEditorWithSettingsAccess_cannotAddAProvider_andTheDenialIsAudited() {
        ApiException refused =
                failure(() -> editor.oidcProviders().create(providerRequest("evil", issuer(), "evil-client", false)));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(refused.detail()).isEqualTo("Only an administrator may add a sign-in provider.");
        assertThat(admin.oidcProviders().list().providers())
                .extracting(OidcProvider::slug)
                .containsExactly("mock");
        assertThat(deniedFor(EDITOR)).isNotEmpty();
    }

    @Test
    void anEditorWithSettingsAccess_cannotTestChangeOrRemoveAProvider() {
        ApiException test = failure(() -> editor.oidcProviders().test(mock.id()));
        ApiException change = failure(() -> editor.oidcProviders()
                .update(mock.id(), providerRequest("mock", "https://idp.attacker.example", CLIENT_ID, true)));
        ApiException remove = failure(() -> editor.oidcProviders().delete(mock.id()));

        assertThat(List.of(test, change, remove))
                .allSatisfy(e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
        assertThat(test.detail()).contains("test a sign-in provider");
        assertThat(deniedFor(EDITOR)).hasSizeGreaterThanOrEqualTo(3);
        OidcProvider unchanged = admin.oidcProviders().get(mock.id());
        assertThat(unchanged.issuer()).isEqualTo(issuer());
        assertThat(unchanged.trustProviderMfa()).isFalse();
        assertThat(editor.oidcProviders().list().providers())
                .as("reading stays SETTINGS READ")
                .hasSize(1);
    }

    @Test
    void aProviderAssertingTheAdminsEmailWithAnotherSubject_isRefusedOnceTheAdminIsBound() {
        LoginOutcome first = signInThroughProvider(TestServers.ADMIN_EMAIL, "ada-at-mock", List.of(), "127.0.0.1");
        assertThat(first).as("a known address needs no second factor").isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(admin.oidcProviders().identities(adminId).identities())
                .singleElement()
                .satisfies(link -> {
                    assertThat(link.subject()).isEqualTo("ada-at-mock");
                    assertThat(link.providerSlug()).isEqualTo("mock");
                    assertThat(link.issuer()).isEqualTo(issuer());
                });

        providerSignsIn(TestServers.ADMIN_EMAIL, "attacker-subject", List.of());
        BrowserStandIn.Landing landing = browser.open(desktopStart(Pkce.randomToken()), LOOPBACK);

        assertThat(landing.parameters())
                .containsEntry("error", "identity_mismatch")
                .doesNotContainKey("code");
        AuditEvent refusal = newest("auth.login.failure");
        assertThat(refusal.reason()).contains("bound to another account").contains("attacker-subject");
        assertThat(refusal.targetName()).isEqualTo(TestServers.ADMIN_EMAIL);
        assertThat(newest("user.identity.link").reason()).contains("ada-at-mock");
    }

    @Test
    void oneProviderAccount_cannotSignInAsTwoUsers() {
        signInThroughProvider(BEN, "shared-subject", List.of(), "127.0.0.1");
        IdentityFixtures.createUser(admin, "cy@example.com", "Cy", Role.USER);

        providerSignsIn("cy@example.com", "shared-subject", List.of());
        BrowserStandIn.Landing landing = browser.open(desktopStart(Pkce.randomToken()), LOOPBACK);

        assertThat(landing.parameters()).containsEntry("error", "identity_mismatch");
        assertThat(newest("auth.login.failure").reason()).contains("bound to another user");
    }

    @Test
    void anAdminSigningInThroughAProviderFromANewAddress_mustPassTheSecondFactor() {
        LoginOutcome outcome = signInThroughProvider(TestServers.ADMIN_EMAIL, "ada-at-mock", List.of(), "127.0.0.2");

        assertThat(outcome).isInstanceOf(LoginOutcome.MfaRequired.class);
        MfaChallenge challenge = ((LoginOutcome.MfaRequired) outcome).challenge();
        assertThat(challenge.mfaRequired()).isTrue();
        assertThat(challenge.methods()).contains(MfaMethod.EMAIL);
        assertThat(challenge.emailSent()).isTrue();
        BulwarkClient desktop = clientFrom("127.0.0.2");
        assertThat(catchThrowableOfType(ApiException.class, () -> desktop.me().get()))
                .as("no session before the second factor")
                .isNotNull();

        desktop.auth()
                .completeSecondFactor(new MfaVerifyRequest(
                        challenge.challengeId(), MfaMethod.EMAIL, Secret.of(lastCodeTo(TestServers.ADMIN_EMAIL))));

        assertThat(desktop.me().get().email()).isEqualTo(TestServers.ADMIN_EMAIL);
        assertThat(newest("auth.mfa.challenge").targetName()).isEqualTo(TestServers.ADMIN_EMAIL);
    }

    @Test
    void anAdminsProviderAccount_isBoundOnlyOnceTheSecondFactorIsPassed_andTheSessionNamesTheProvider() {
        LoginOutcome outcome = signInThroughProvider(TestServers.ADMIN_EMAIL, "ada-at-mock", List.of(), "127.0.0.6");
        MfaChallenge challenge = ((LoginOutcome.MfaRequired) outcome).challenge();
        assertThat(admin.oidcProviders().identities(adminId).identities())
                .as("nothing bound while the second factor is pending")
                .isEmpty();
        assertThat(newest("auth.mfa.challenge").authMethod()).isEqualTo("oidc:mock");

        clientFrom("127.0.0.6")
                .auth()
                .completeSecondFactor(new MfaVerifyRequest(
                        challenge.challengeId(), MfaMethod.EMAIL, Secret.of(lastCodeTo(TestServers.ADMIN_EMAIL))));

        assertThat(admin.oidcProviders().identities(adminId).identities())
                .singleElement()
                .satisfies(link -> assertThat(link.subject()).isEqualTo("ada-at-mock"));
        assertThat(newest("user.identity.link").reason()).contains("ada-at-mock");
        assertThat(newest("auth.mfa.success").authMethod()).isEqualTo("oidc:mock+email");
        assertThat(newest("auth.login.success").authMethod()).isEqualTo("oidc:mock+email");
    }

    @Test
    void someoneAssertingTheAdminsEmail_whoFailsTheSecondFactor_bindsNothing_andTheAdminsOwnAccountStillSignsIn() {
        LoginOutcome attacker =
                signInThroughProvider(TestServers.ADMIN_EMAIL, "attacker-subject", List.of(), "127.0.0.7");
        MfaChallenge challenge = ((LoginOutcome.MfaRequired) attacker).challenge();
        assertThat(failure(() -> clientFrom("127.0.0.7")
                                .auth()
                                .completeSecondFactor(new MfaVerifyRequest(
                                        challenge.challengeId(), MfaMethod.EMAIL, Secret.of("000000"))))
                        .type())
                .isEqualTo(ProblemType.MFA_CODE_INVALID);
        assertThat(newest("auth.mfa.failure").authMethod()).isEqualTo("oidc:mock+email");
        assertThat(admin.oidcProviders().identities(adminId).identities()).isEmpty();

        LoginOutcome own = signInThroughProvider(TestServers.ADMIN_EMAIL, "ada-at-mock", List.of(), "127.0.0.1");

        assertThat(own).isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(admin.oidcProviders().identities(adminId).identities())
                .singleElement()
                .satisfies(link -> assertThat(link.subject()).isEqualTo("ada-at-mock"));
    }

    @Test
    void anAdminsAmrSecondFactor_standsInOnlyWhenTheProviderIsTrustedForIt() {
        LoginOutcome untrusted =
                signInThroughProvider(TestServers.ADMIN_EMAIL, "ada-at-mock", List.of("pwd", "otp"), "127.0.0.3");
        assertThat(untrusted).as("trust is off by default").isInstanceOf(LoginOutcome.MfaRequired.class);

        admin.oidcProviders().update(mock.id(), providerRequest("mock", issuer(), CLIENT_ID, true));
        LoginOutcome passwordOnly =
                signInThroughProvider(TestServers.ADMIN_EMAIL, "ada-at-mock", List.of("pwd"), "127.0.0.4");
        LoginOutcome withOtp =
                signInThroughProvider(TestServers.ADMIN_EMAIL, "ada-at-mock", List.of("pwd", "otp"), "127.0.0.5");

        assertThat(passwordOnly).isInstanceOf(LoginOutcome.MfaRequired.class);
        assertThat(withOtp).isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(newest("auth.login.success").authMethod()).isEqualTo("oidc:mock+provider-mfa");
        assertThat(newest("settings.oidc-provider.update").diff()).containsKey("trustProviderMfa");
    }

    @Test
    void aUserSigningInThroughAProvider_needsNoSecondFactor_asBefore() {
        LoginOutcome outcome = signInThroughProvider(BEN, "ben-at-mock", List.of(), "127.0.0.6");

        assertThat(outcome).isInstanceOf(LoginOutcome.SignedIn.class);
    }

    // --- the provider's registration ---

    @Test
    void changingTheIssuerOrClientId_dropsTheStoredSecretAndEveryLink_audited() {
        signInThroughProvider(BEN, "ben-at-mock", List.of(), "127.0.0.1");
        UUID benId = userId(BEN);
        assertThat(admin.oidcProviders().identities(benId).identities()).hasSize(1);

        OidcProvider renamed = admin.oidcProviders()
                .update(
                        mock.id(),
                        new OidcProviderRequest(
                                "mock", "Mock ID renamed", issuer(), CLIENT_ID, null, null, null, true, null));
        assertThat(renamed.clientSecretSet())
                .as("same registration keeps its secret")
                .isTrue();
        assertThat(admin.oidcProviders().identities(benId).identities()).hasSize(1);

        OidcProvider moved = admin.oidcProviders()
                .update(
                        mock.id(),
                        new OidcProviderRequest(
                                "mock", "Mock ID", issuer(), "another-client", null, null, null, true, null));

        assertThat(moved.clientSecretSet()).isFalse();
        assertThat(admin.oidcProviders().identities(benId).identities()).isEmpty();
        AuditEvent update = newest("settings.oidc-provider.update");
        assertThat(update.diff()).containsKeys("clientId", "clientSecret", "linkedAccountsRemoved");
        assertThat(update.toString()).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void deletingAProvider_dropsItsLinks() {
        signInThroughProvider(BEN, "ben-at-mock", List.of(), "127.0.0.1");
        UUID benId = userId(BEN);

        admin.oidcProviders().delete(mock.id());

        assertThat(admin.oidcProviders().identities(benId).identities()).isEmpty();
        assertThat(newest("settings.oidc-provider.delete").diff()).containsKey("linkedAccountsRemoved");
    }

    @Test
    void unlinking_isForAdministratorsOnly_isAudited_andLetsTheNextAccountBind() {
        signInThroughProvider(BEN, "ben-old", List.of(), "127.0.0.1");
        UUID benId = userId(BEN);
        LinkedIdentity link =
                admin.oidcProviders().identities(benId).identities().getFirst();

        ApiException byEditor = failure(() -> editor.oidcProviders().unlink(benId, link.id()));
        assertThat(byEditor.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(editor.oidcProviders().identities(benId).identities())
                .as("USERS READ may see them")
                .hasSize(1);

        admin.oidcProviders().unlink(benId, link.id());

        assertThat(newest("user.identity.unlink").reason()).contains("ben-old").contains("mock");
        assertThat(signInThroughProvider(BEN, "ben-new", List.of(), "127.0.0.1"))
                .isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(admin.oidcProviders().identities(benId).identities())
                .singleElement()
                .extracting(LinkedIdentity::subject)
                .isEqualTo("ben-new");
        assertThat(failure(() -> admin.oidcProviders().unlink(benId, UUID.randomUUID()))
                        .type())
                .isEqualTo(ProblemType.NOT_FOUND);
    }

    // --- where the server may be sent ---

    @Test
    void providerUrls_mustBeHttpsToPublicAddresses() {
        assertThat(issuerRefusal("http://idp.example.com")).contains("https issuer URL");
        assertThat(issuerRefusal("https://10.1.2.3")).contains("not a public address");
        assertThat(issuerRefusal("https://192.168.0.10/realms/x")).contains("not a public address");
        assertThat(issuerRefusal("https://169.254.169.254/latest")).contains("169.254.169.254");
        assertThat(issuerRefusal("https://[fd00::1]")).contains("not a public address");
        assertThat(issuerRefusal("https://[::ffff:10.0.0.1]")).contains("not a public address");
        assertThat(issuerRefusal("https://localhost:8443"))
                .as("a name for loopback is not a loopback literal")
                .contains("not a public address");
    }

    @Test
    void withoutTheDevelopmentSetting_loopbackIsRefused_atSaveTimeAndAgainAtFetchTime() {
        server.close();
        server = start(Map.of("BULWARK_OIDC_ALLOW_INSECURE_LOOPBACK", "false"));
        admin = passwordSignInWithEmailCode(TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD, "127.0.0.1");

        assertThat(issuerRefusal(issuer())).contains("https issuer URL");
        OidcProviderCheck check = admin.oidcProviders().test(mock.id());
        assertThat(check.ok()).isFalse();
        assertThat(check.problems()).anyMatch(p -> p.contains("not an https URL"));

        providerSignsIn(BEN, "ben-at-mock", List.of());
        BrowserStandIn.Landing landing = browser.open(desktopStart(Pkce.randomToken()), LOOPBACK);
        assertThat(landing.parameters()).containsEntry("error", "provider_error");
    }

    @Test
    void aDiscoveryDocumentPointingInside_isRefusedWhenFetched() throws Exception {
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + fake.getAddress().getPort();
        fake.createContext("/inside/.well-known/openid-configuration", exchange -> {
            byte[] body = ("{\"issuer\":\"" + base + "/inside\",\"authorization_endpoint\":\"" + base
                            + "/inside/authorize\",\"token_endpoint\":\"https://169.254.169.254/token\","
                            + "\"jwks_uri\":\"" + base + "/inside/jwks\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fake.createContext("/huge/.well-known/openid-configuration", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 8; i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException e) {
                // the server stopped reading, as it should
            }
            exchange.close();
        });
        fake.start();
        try {
            OidcProvider inside =
                    admin.oidcProviders().create(providerRequest("inside", base + "/inside", CLIENT_ID, false));
            OidcProvider huge = admin.oidcProviders().create(providerRequest("huge", base + "/huge", CLIENT_ID, false));

            assertThat(admin.oidcProviders().test(inside.id()).problems())
                    .anyMatch(p -> p.contains("token_endpoint") && p.contains("169.254.169.254"));
            assertThat(admin.oidcProviders().test(huge.id()).problems()).anyMatch(p -> p.contains("too large"));
        } finally {
            fake.stop(0);
        }
    }

    // --- helpers ---

    /** The provider signs in {@code email} as {@code subject} next, with {@code amr} when not empty. */
    static void providerSignsIn(String email, String subject, List<String> amr) {
        Map<String, Object> claims = new HashMap<>(Map.of("email", email, "email_verified", true));
        if (!amr.isEmpty()) {
            claims.put("amr", amr);
        }
        provider.enqueueCallback(
                new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    URI desktopStart(String verifier) {
        return new BulwarkClient(server.baseUri())
                .oidc()
                .startUri("mock", URI.create(LOOPBACK), Pkce.randomToken(), Pkce.challengeOf(verifier));
    }

    /** The whole browser sign-in as {@code email}/{@code subject}, the desktop exchanging from {@code ip}. */
    LoginOutcome signInThroughProvider(String email, String subject, List<String> amr, String ip) {
        providerSignsIn(email, subject, amr);
        String verifier = Pkce.randomToken();
        BrowserStandIn.Landing landing = browser.open(desktopStart(verifier), LOOPBACK);
        assertThat(landing.parameters()).as(String.valueOf(landing.loopback())).containsKey("code");
        return clientFrom(ip)
                .oidc()
                .exchange(new OidcTokenRequest(
                        Secret.of(landing.parameters().get("code")), Secret.of(verifier), LOOPBACK));
    }

    String issuerRefusal(String issuer) {
        ApiException refused = failure(() -> admin.oidcProviders()
                .create(providerRequest("other-" + Math.abs(issuer.hashCode() % 1000), issuer, CLIENT_ID, false)));
        assertThat(refused).as(issuer).isNotNull();
        assertThat(refused.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        return refused.fieldErrors().stream()
                .filter(e -> e.field().equals("issuer"))
                .map(e -> e.message())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no issuer error for " + issuer));
    }

    UUID userId(String email) {
        return admin.users().search(email, 10, null).items().getFirst().user().id();
    }

    List<AuditEvent> deniedFor(String email) {
        return admin
                .audit()
                .events(new AuditQuery(
                        null,
                        null,
                        null,
                        AuditAction.PERMISSION_DENIED.code(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        100,
                        null))
                .events()
                .stream()
                .filter(e -> e.actor() != null && email.equals(e.actor().email()))
                .filter(e -> e.reason().contains("ADMIN"))
                .toList();
    }

    AuditEvent newest(String action) {
        return admin.audit()
                .events(new AuditQuery(null, null, null, action, null, null, null, null, null, 1, null))
                .events()
                .getFirst();
    }

    BulwarkClient clientFrom(String ip) {
        try {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .localAddress(InetAddress.getByName(ip))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            return new BulwarkClient(server.baseUri(), http);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    BulwarkClient passwordSignInWithEmailCode(String email, String password, String ip) {
        BulwarkClient client = clientFrom(ip);
        LoginOutcome outcome = client.auth().login(new LoginRequest(email, Secret.of(password)));
        if (outcome instanceof LoginOutcome.MfaRequired mfa) {
            client.auth()
                    .completeSecondFactor(new MfaVerifyRequest(
                            mfa.challenge().challengeId(), MfaMethod.EMAIL, Secret.of(lastCodeTo(email))));
        }
        return client;
    }

    static String lastCodeTo(String email) {
        List<MimeMessage> mails = List.of(MAIL.getReceivedMessages()).stream()
                .filter(m -> {
                    try {
                        return GreenMailUtil.getAddressList(m.getAllRecipients())
                                .contains(email);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        for (int i = mails.size() - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(GreenMailUtil.getBody(mails.get(i)));
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("No code was mailed to " + email);
    }

    static ApiException failure(Runnable call) {
        return catchThrowableOfType(ApiException.class, call::run);
    }
}
