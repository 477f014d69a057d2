package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.TlsTestServer;
import dev.bulwark.desktop.connect.RemoteServer;
import dev.bulwark.desktop.connect.SavedServers;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.MemoryClipboard;
import dev.bulwark.desktop.ui.SystemBrowser;
import dev.bulwark.model.Secret;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.oidc.OidcSignInError;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * "Sign in with ..." driven through to the console, against the embedded server and a real OpenID Connect
 * provider (mock-oauth2-server). Only the system browser is replaced, by a stand-in that follows the redirects
 * as a browser does, down to the console's loopback listener.
 */
class BrowserSignInUiTest {
    private static final String CLIENT_ID = "bulwark-desktop";
    private static final Pattern CODE = Pattern.compile("sign-in code: (\\d{6})");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static MockOAuth2Server provider;

    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private final List<String> pagesShown = new CopyOnWriteArrayList<>();
    private RunningConsole console;

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
    void prepareServer() {
        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection admin = server.signedInAsAdmin();
            admin.client().oidcProviders().create(mockProvider());
        }
    }

    private static OidcProviderRequest mockProvider() {
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

    @AfterEach
    void close() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    private void openSignIn(SystemBrowser browser) throws Exception {
        console = RunningConsole.start(robot, dataDirectory, Map.of(), browser);
        console.openThisComputer();
        console.waitFor("#signInWith-mock");
    }

    /** Follows every redirect, as a browser does, in the background; remembers the page it ends on. */
    private SystemBrowser followingBrowser() {
        return following(HttpClient.newBuilder());
    }

    /** {@link #followingBrowser()} whose user accepted the certificates {@code tls} trusts. */
    private SystemBrowser followingBrowser(SSLContext tls) {
        return following(HttpClient.newBuilder().sslContext(tls));
    }

    private SystemBrowser following(HttpClient.Builder builder) {
        // ALWAYS: a browser also follows a redirect from an https server to an http provider or loopback address
        HttpClient http = builder.followRedirects(HttpClient.Redirect.ALWAYS)
                .cookieHandler(new CookieManager())
                .build();
        return address -> Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<String> page =
                        http.send(HttpRequest.newBuilder(address).build(), HttpResponse.BodyHandlers.ofString());
                pagesShown.add(page.body());
            } catch (IOException | InterruptedException e) {
                pagesShown.add("failed: " + e);
            }
        });
    }

    private static void providerSignsIn(String email) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                "default", "subject", "JWT", List.of(CLIENT_ID), Map.of("email", email, "email_verified", true), 3600));
    }

    @Test
    void signInWithAProvider_opensTheConsole() throws Exception {
        openSignIn(followingBrowser());
        providerSignsIn(TestServer.ADMIN_EMAIL);

        console.click("#signInWith-mock");

        console.waitFor("#shell");
        assertThat(pagesShown).singleElement().asString().contains("You may close this tab");
    }

    @Test
    void signInWithAProvider_onAStandaloneServerOverTls_opensTheConsole() throws Exception {
        try (TlsTestServer standalone = new TlsTestServer(dataDirectory.resolve("standalone"))) {
            standalone.signedInAsAdmin().oidcProviders().create(mockProvider());
            Path desktop = dataDirectory.resolve("desktop");
            new SavedServers(desktop).save(List.of(new RemoteServer(standalone.url(), standalone.fingerprint())));
            console = RunningConsole.start(robot, desktop, Map.of(), followingBrowser(standalone.acceptedByBrowser()));
            console.waitFor("#servers .list-cell");
            robot.doubleClickOn(standalone.url() + "  (pinned certificate)");
            console.waitFor("#signInWith-mock");
            providerSignsIn(TestServer.ADMIN_EMAIL);

            console.click("#signInWith-mock");

            console.waitFor("#shell");
            assertThat(pagesShown).singleElement().asString().contains("You may close this tab");
        }
    }

    @Test
    void anAdministratorSigningInWithAProviderFromANewAddress_goesOnToTheSecondFactor() throws Exception {
        console = RunningConsole.start(robot, dataDirectory, withMail(), followingBrowser());
        console.openThisComputer();
        console.waitFor("#signInWith-mock");
        providerSignsIn(TestServer.ADMIN_EMAIL);

        console.click("#signInWith-mock");

        console.waitFor("#secondFactor");
        assertThat(robot.lookup("#shell").tryQuery()).isEmpty();
        console.waitUntil("the code mail", () -> MAIL.getReceivedMessages().length > 0);
        console.type("#mfaCode", lastCode());
        console.click("#verifyCode");
        console.waitFor("#shell");
    }

    @Test
    void anotherAccountAtTheProvider_isRefusedOnceTheUserIsBound() throws Exception {
        openSignIn(followingBrowser());
        providerSignsIn(TestServer.ADMIN_EMAIL);
        console.click("#signInWith-mock");
        console.waitFor("#shell");
        console.close();
        pagesShown.clear();

        openSignIn(followingBrowser());
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                "default",
                "another-subject",
                "JWT",
                List.of(CLIENT_ID),
                Map.of("email", TestServer.ADMIN_EMAIL, "email_verified", true),
                3600));
        console.click("#signInWith-mock");

        console.waitForText("#browserSignInProblem", OidcSignInError.IDENTITY_MISMATCH.message());
        assertThat(robot.lookup("#shell").tryQuery()).isEmpty();
    }

    private static Map<String, String> withMail() {
        return Map.of(
                "BULWARK_MFA_ENABLED", "true",
                "BULWARK_MAIL_HOST", "127.0.0.1",
                "BULWARK_MAIL_PORT", Integer.toString(MAIL.getSmtp().getPort()),
                "BULWARK_MAIL_SECURITY", "none",
                "BULWARK_MAIL_FROM", "bulwark@example.com");
    }

    private static String lastCode() {
        var mails = MAIL.getReceivedMessages();
        for (int i = mails.length - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(GreenMailUtil.getBody(mails[i]));
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("No code was mailed");
    }

    @Test
    void anEmailWithoutAUser_isExplainedOnTheSignInScreen() throws Exception {
        openSignIn(followingBrowser());
        providerSignsIn("nobody@example.com");

        console.click("#signInWith-mock");

        console.waitForText("#browserSignInProblem", OidcSignInError.UNKNOWN_USER.message());
        assertThat(robot.lookup("#shell").tryQuery()).isEmpty();
        assertThat(robot.lookup("#browserWaiting").query().isVisible()).isFalse();
    }

    @Test
    void cancellingTheWait_stopsListeningAndSaysSo() throws Exception {
        List<URI> opened = new CopyOnWriteArrayList<>();
        MemoryClipboard clipboard = new MemoryClipboard();
        console = RunningConsole.start(robot, dataDirectory, Map.of(), clipboard, Clock.systemUTC(), opened::add);
        console.openThisComputer();

        console.click("#signInWith-mock");
        console.waitFor("#browserWaiting");
        console.click("#copyBrowserSignInLink");
        console.waitFor("#browserSignInLinkCopied");
        assertThat(clipboard.text()).contains(opened.getFirst().toString());
        console.click("#cancelBrowserSignIn");

        console.waitForText("#browserSignInProblem", BrowserSignInViewModel.CANCELLED);
        assertThat(opened).singleElement().satisfies(uri -> assertThat(uri.toString())
                .contains("/api/v1/auth/oidc/mock/start?redirect_uri=http%3A%2F%2F127.0.0.1%3A")
                .contains("code_challenge_method=S256"));
        String redirect = URI.create(java.net.URLDecoder.decode(
                        opened.getFirst().getRawQuery().split("&")[0].substring("redirect_uri=".length()),
                        java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        HttpClient http = HttpClient.newHttpClient();
        assertThat(catchConnect(http, redirect)).isTrue();
    }

    /** Whether connecting to the loopback address now fails, because the listener is closed. */
    private static boolean catchConnect(HttpClient http, String address) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(address)).build(), HttpResponse.BodyHandlers.discarding());
            return false;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
