package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.MemoryClipboard;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.oidc.OidcProviderInfo;
import dev.bulwark.model.oidc.OidcSignInError;
import dev.bulwark.model.user.User;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wait for the browser: its timeout by an injected clock, Cancel, the refusals the browser brings back, and
 * the loopback listener ignoring what is not this sign-in's answer.
 */
class BrowserSignInViewModelTest {
    private static final OidcProviderInfo MOCK = new OidcProviderInfo("mock", "Mock ID");

    @TempDir
    static Path dataDirectory;

    private static TestServer server;
    private static ServerConnection connection;

    private final SameThreadRunner runner = new SameThreadRunner();
    private final MovableClock clock = new MovableClock();
    private final List<URI> opened = new ArrayList<>();
    private final List<User> signedIn = new ArrayList<>();
    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() {
        server = new TestServer(dataDirectory);
        connection = server.connectWithAdmin();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private BrowserSignInViewModel viewModel() {
        return new BrowserSignInViewModel(runner, connection, opened::add, clipboard, signedIn::add, clock);
    }

    private Map<String, String> startParameters() {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : opened.getLast().getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private int browserGoesTo(String loopbackQuery) throws Exception {
        URI loopback = URI.create(startParameters().get("redirect_uri") + "?" + loopbackQuery);
        return http.send(HttpRequest.newBuilder(loopback).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aClick_opensTheBrowserAtTheServersStartAddressWithAnS256Challenge() {
        BrowserSignInViewModel viewModel = viewModel();

        viewModel.signIn(MOCK);

        assertThat(viewModel.waitingProperty().get()).isTrue();
        assertThat(viewModel.waitingForProperty().get()).isEqualTo("Mock ID");
        assertThat(opened.getLast().getPath()).isEqualTo("/api/v1/auth/oidc/mock/start");
        assertThat(startParameters())
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "code_challenge");
        assertThat(startParameters().get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/callback");
        viewModel.close();
    }

    @Test
    void copyLink_putsTheStartAddressOnTheClipboardForWhenNoBrowserOpened() throws Exception {
        BrowserSignInViewModel viewModel = viewModel();
        viewModel.copyLink();
        assertThat(clipboard.text()).isEmpty();

        viewModel.signIn(MOCK);
        viewModel.copyLink();

        assertThat(clipboard.text()).contains(opened.getLast().toString());
        assertThat(viewModel.linkCopiedProperty().get()).isTrue();
        viewModel.cancel();
        assertThat(viewModel.linkCopiedProperty().get()).isFalse();
    }

    @Test
    void noAnswerWithinTwoMinutes_stopsWaitingAndSaysSo() throws Exception {
        BrowserSignInViewModel viewModel = viewModel();
        viewModel.signIn(MOCK);

        clock.advance(Duration.ofSeconds(119));
        runner.tick();
        assertThat(viewModel.waitingProperty().get()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        runner.tick();

        assertThat(viewModel.waitingProperty().get()).isFalse();
        assertThat(viewModel.problemProperty().get()).isEqualTo(BrowserSignInViewModel.TIMED_OUT);
        assertThat(runner.repeatingPeriods()).isEmpty();
        assertThat(listenerIsClosed()).isTrue();
    }

    @Test
    void cancel_stopsListening() throws Exception {
        BrowserSignInViewModel viewModel = viewModel();
        viewModel.signIn(MOCK);

        viewModel.cancel();

        assertThat(viewModel.waitingProperty().get()).isFalse();
        assertThat(viewModel.problemProperty().get()).isEqualTo(BrowserSignInViewModel.CANCELLED);
        assertThat(listenerIsClosed()).isTrue();
    }

    @Test
    void aRefusalBroughtBackByTheBrowser_isExplained() throws Exception {
        BrowserSignInViewModel viewModel = viewModel();
        viewModel.signIn(MOCK);

        int status = browserGoesTo(
                "error=domain_not_allowed&state=" + startParameters().get("state"));

        assertThat(status).isEqualTo(200);
        assertThat(viewModel.waitingProperty().get()).isFalse();
        assertThat(viewModel.problemProperty().get()).isEqualTo(OidcSignInError.DOMAIN_NOT_ALLOWED.message());
        assertThat(signedIn).isEmpty();
    }

    @Test
    void anAnswerWithAnotherState_isIgnoredAndTheWaitGoesOn() throws Exception {
        BrowserSignInViewModel viewModel = viewModel();
        viewModel.signIn(MOCK);

        int status = browserGoesTo("code=forged&state=not-ours");

        assertThat(status).isEqualTo(400);
        assertThat(viewModel.waitingProperty().get()).isTrue();
        assertThat(viewModel.problemProperty().get()).isEmpty();
        viewModel.close();
    }

    @Test
    void aCodeTheServerDoesNotKnow_isRefusedWithoutSigningIn() throws Exception {
        BrowserSignInViewModel viewModel = viewModel();
        viewModel.signIn(MOCK);

        browserGoesTo("code=made-up&state=" + startParameters().get("state"));

        assertThat(viewModel.problemProperty().get()).contains("sign-in code is not valid");
        assertThat(signedIn).isEmpty();
        assertThat(viewModel.busyProperty().get()).isFalse();
    }

    private boolean listenerIsClosed() throws InterruptedException {
        try {
            browserGoesTo("state=x");
            return false;
        } catch (IOException e) {
            return true;
        } catch (Exception e) {
            return true;
        }
    }

    /** A clock the test moves. */
    private static final class MovableClock extends java.time.Clock {
        private Instant now = Instant.parse("2026-11-22T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
