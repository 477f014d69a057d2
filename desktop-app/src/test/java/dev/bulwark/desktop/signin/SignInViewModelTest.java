package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInViewModelTest {
    @TempDir
    static Path dataDirectory;

    private static TestServer server;
    private static ServerConnection connection;

    private final List<User> signedIn = new ArrayList<>();
    private int backToServers;

    @BeforeAll
    static void startServer() {
        server = new TestServer(dataDirectory);
        connection = server.connectWithAdmin();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private SignInViewModel viewModel(SignInPrompt prompt) {
        return new SignInViewModel(
                new SameThreadRunner(),
                connection,
                prompt,
                signedIn::add,
                () -> backToServers++,
                java.time.Clock.systemUTC());
    }

    @Test
    void rightPassword_signsInAndOpensTheConsole() {
        SignInViewModel viewModel = viewModel(SignInPrompt.blank());
        viewModel.emailProperty().set(TestServer.ADMIN_EMAIL);
        viewModel.passwordProperty().set(TestServer.ADMIN_PASSWORD);

        viewModel.signIn();

        assertThat(signedIn).singleElement().satisfies(user -> {
            assertThat(user.email()).isEqualTo(TestServer.ADMIN_EMAIL);
            assertThat(user.role()).isEqualTo(Role.ADMIN);
        });
        assertThat(connection.client().session()).isPresent();
        assertThat(viewModel.passwordProperty().get()).isEmpty();
        connection.client().auth().logout();
    }

    @Test
    void wrongPassword_showsPlainSentenceAndClearsThePassword() {
        SignInViewModel viewModel = viewModel(SignInPrompt.blank());
        viewModel.emailProperty().set(TestServer.ADMIN_EMAIL);
        viewModel.passwordProperty().set(TestServer.OTHER_PASSWORD);

        viewModel.signIn();

        assertThat(viewModel.problemProperty().get()).isEqualTo("The email or password is not correct.");
        assertThat(viewModel.passwordProperty().get()).isEmpty();
        assertThat(viewModel.emailProperty().get()).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(signedIn).isEmpty();
    }

    @Test
    void unknownEmail_getsTheSameSentenceAsAWrongPassword() {
        SignInViewModel viewModel = viewModel(SignInPrompt.blank());
        viewModel.emailProperty().set("nobody@example.com");
        viewModel.passwordProperty().set(TestServer.ADMIN_PASSWORD);

        viewModel.signIn();

        assertThat(viewModel.problemProperty().get()).isEqualTo("The email or password is not correct.");
    }

    @Test
    void emptyFields_askForBothWithoutSending() {
        SignInViewModel viewModel = viewModel(SignInPrompt.blank());

        viewModel.signIn();

        assertThat(viewModel.problemProperty().get()).isEqualTo(SignInViewModel.FIELDS_MISSING);
        assertThat(viewModel.busyProperty().get()).isFalse();
    }

    @Test
    void prompt_fillsTheEmailAndShowsItsNotice() {
        SignInViewModel viewModel = viewModel(new SignInPrompt("ada@example.com", "You have signed out."));

        assertThat(viewModel.emailProperty().get()).isEqualTo("ada@example.com");
        assertThat(viewModel.noticeProperty().get()).isEqualTo("You have signed out.");
    }

    @Test
    void backToServers_leavesTheScreen() {
        viewModel(SignInPrompt.blank()).backToServers();

        assertThat(backToServers).isEqualTo(1);
    }
}
