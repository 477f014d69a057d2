package dev.bulwark.desktop.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountViewModelTest {
    @TempDir
    Path dataDirectory;

    private TestServer server;
    private ServerConnection connection;
    private AccountViewModel viewModel;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        viewModel = new AccountViewModel(
                new SameThreadRunner(),
                connection,
                connection.client().session().orElseThrow().user());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void fillIn(String current, String next, String confirmation) {
        viewModel.passwordForm().currentProperty().set(current);
        viewModel.passwordForm().nextProperty().set(next);
        viewModel.passwordForm().confirmationProperty().set(confirmation);
    }

    @Test
    void profile_showsTheSignedInUser() {
        viewModel.reload();

        assertThat(viewModel.emailProperty().get()).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(viewModel.displayNameProperty().get()).isEqualTo(TestServer.ADMIN_NAME);
        assertThat(viewModel.roleProperty().get()).isEqualTo("Administrator");
        assertThat(viewModel.memberSinceProperty().get()).isNotEqualTo("Never");
    }

    @Test
    void changePassword_worksAndTheNewPasswordSignsIn() {
        fillIn(TestServer.ADMIN_PASSWORD, TestServer.OTHER_PASSWORD, TestServer.OTHER_PASSWORD);

        viewModel.changePassword();

        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(viewModel.noticeProperty().get()).isEqualTo(AccountViewModel.PASSWORD_CHANGED);
        assertThat(viewModel.passwordForm().currentProperty().get()).isEmpty();
        assertThat(viewModel.passwordForm().nextProperty().get()).isEmpty();
        ServerConnection fresh = server.connect();
        fresh.client().auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.OTHER_PASSWORD)));
        assertThat(fresh.client().session()).isPresent();
    }

    @Test
    void changePassword_keepsThisSessionAlive() {
        fillIn(TestServer.ADMIN_PASSWORD, TestServer.OTHER_PASSWORD, TestServer.OTHER_PASSWORD);

        viewModel.changePassword();

        assertThat(connection.client().me().get().email()).isEqualTo(TestServer.ADMIN_EMAIL);
    }

    @Test
    void wrongCurrentPassword_isShownNextToIt() {
        fillIn("Not-the-password-at-all-9", TestServer.OTHER_PASSWORD, TestServer.OTHER_PASSWORD);

        viewModel.changePassword();

        assertThat(viewModel.passwordForm().currentErrorProperty().get()).isNotEmpty();
        assertThat(viewModel.noticeProperty().get()).isEmpty();
        ServerConnection fresh = server.connect();
        fresh.client().auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        assertThat(fresh.client().session()).isPresent();
    }

    @Test
    void differentConfirmation_isShownWithoutSending() {
        fillIn(TestServer.ADMIN_PASSWORD, TestServer.OTHER_PASSWORD, "Something-else-entirely-5");

        viewModel.changePassword();

        assertThat(viewModel.passwordForm().confirmationErrorProperty().get()).isEqualTo("The passwords do not match.");
        assertThat(viewModel.problemProperty().get()).isEqualTo("Check the highlighted fields.");
    }

    @Test
    void commonNewPassword_showsTheServersReasonNextToIt() {
        fillIn(TestServer.ADMIN_PASSWORD, "password1234", "password1234");

        viewModel.changePassword();

        assertThat(viewModel.passwordForm().nextErrorProperty().get()).isNotEmpty();
        assertThat(viewModel.noticeProperty().get()).isEmpty();
    }

    @Test
    void emptyForm_asksForEachField() {
        viewModel.changePassword();

        assertThat(viewModel.passwordForm().currentErrorProperty().get()).isEqualTo("Enter your current password.");
        assertThat(viewModel.passwordForm().nextErrorProperty().get()).isEqualTo("Use at least 12 characters.");
    }

    @Test
    void afterTheSessionEnds_changeShowsASentence() {
        connection.client().auth().logout();
        fillIn(TestServer.ADMIN_PASSWORD, TestServer.OTHER_PASSWORD, TestServer.OTHER_PASSWORD);

        viewModel.changePassword();

        assertThat(viewModel.problemProperty().get()).isEqualTo("You are not signed in.");
    }
}
