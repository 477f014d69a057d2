package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.MovableClock;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.user.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After too many attempts the screen waits out the server's Retry-After, counting down, before sending again. */
class SignInWaitViewModelTest {
    @TempDir
    Path dataDirectory;

    private final MovableClock clock = new MovableClock();
    private final List<User> signedIn = new ArrayList<>();
    private TestServer server;
    private SignInViewModel viewModel;

    @BeforeEach
    void start() {
        server = new TestServer(dataDirectory, Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT", "1/1m"));
        ServerConnection connection = server.connectWithAdmin();
        viewModel = new SignInViewModel(
                new SameThreadRunner(), connection, SignInPrompt.blank(), signedIn::add, () -> {}, clock);
        viewModel.emailProperty().set(TestServer.ADMIN_EMAIL);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void attempt(String password) {
        viewModel.passwordProperty().set(password);
        viewModel.signIn();
    }

    @Test
    void aRateLimitedAnswer_showsTheWaitAndDisablesSigningIn() {
        attempt(TestServer.OTHER_PASSWORD);
        assertThat(viewModel.canSignInProperty().get()).isTrue();

        attempt(TestServer.ADMIN_PASSWORD);

        assertThat(viewModel.waitSecondsProperty().get()).isBetween(55L, 60L);
        assertThat(viewModel.problemProperty().get())
                .isEqualTo("Too many attempts. Try again in "
                        + viewModel.waitSecondsProperty().get() + " s.");
        assertThat(viewModel.canSignInProperty().get()).isFalse();
        assertThat(signedIn).isEmpty();
    }

    @Test
    void theWait_countsDown_andThenTheFormMayBeSentAgain() {
        attempt(TestServer.OTHER_PASSWORD);
        attempt(TestServer.ADMIN_PASSWORD);
        long wait = viewModel.waitSecondsProperty().get();

        clock.advance(Duration.ofSeconds(wait - 1));
        viewModel.tick();
        assertThat(viewModel.problemProperty().get()).isEqualTo("Too many attempts. Try again in 1 s.");
        assertThat(viewModel.canSignInProperty().get()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        viewModel.tick();
        assertThat(viewModel.waitSecondsProperty().get()).isZero();
        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(viewModel.canSignInProperty().get()).isTrue();
    }

    @Test
    void duringTheWait_signInSendsNothing() {
        attempt(TestServer.OTHER_PASSWORD);
        attempt(TestServer.ADMIN_PASSWORD);
        clock.advance(Duration.ofSeconds(10));
        viewModel.tick();
        String shown = viewModel.problemProperty().get();

        attempt(TestServer.ADMIN_PASSWORD);

        assertThat(viewModel.problemProperty().get()).isEqualTo(shown);
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(signedIn).isEmpty();
    }
}
