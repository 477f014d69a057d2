package dev.bulwark.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.mfa.MailSecurity;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInSettingsViewModelTest {
    @TempDir
    Path dataDirectory;

    private TestServer server;
    private ServerConnection connection;
    private SignInSettingsViewModel viewModel;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        viewModel = new SignInSettingsViewModel(
                new SameThreadRunner(),
                connection,
                connection.client().session().orElseThrow().user());
        viewModel.load();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void load_showsTheSettingsFileValues() {
        assertThat(viewModel.mfaEnabledProperty().get()).isFalse();
        assertThat(viewModel.hostProperty().get()).isEmpty();
        assertThat(viewModel.portProperty().get()).isEqualTo("587");
        assertThat(viewModel.securityProperty().get()).isEqualTo(MailSecurity.STARTTLS);
        assertThat(viewModel.passwordStateProperty().get()).isEqualTo("No password is stored.");
        assertThat(viewModel.noticeProperty().get()).contains("settings file");
    }

    @Test
    void save_keepsThePasswordHidden_andAnEmptyFieldKeepsIt() {
        viewModel.mfaEnabledProperty().set(true);
        viewModel.hostProperty().set("smtp.example.com");
        viewModel.fromProperty().set("bulwark@example.com");
        viewModel.passwordProperty().set("smtp secret 1");
        viewModel.save();

        assertThat(viewModel.noticeProperty().get()).isEqualTo("Sign-in settings saved.");
        assertThat(viewModel.passwordProperty().get()).isEmpty();
        assertThat(viewModel.passwordStateProperty().get()).startsWith("A password is stored.");
        viewModel.portProperty().set("2525");
        viewModel.save();
        assertThat(viewModel.passwordStateProperty().get()).startsWith("A password is stored.");
        assertThat(viewModel.mfaEnabledProperty().get()).isTrue();
    }

    @Test
    void aBadPort_isRefusedBeforeSending() {
        viewModel.portProperty().set("seventy");
        viewModel.save();

        assertThat(viewModel.problemProperty().get()).isEqualTo(SignInSettingsViewModel.PORT_INVALID);
    }

    @Test
    void nonAdministrators_cannotSave() {
        connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "lee@example.com", "Lee", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), null));
        ServerConnection lee = server.connect();
        lee.client().auth().login(new LoginRequest("lee@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        SignInSettingsViewModel leesView = new SignInSettingsViewModel(
                new SameThreadRunner(),
                lee,
                lee.client().session().orElseThrow().user());

        leesView.save();

        assertThat(leesView.saveBlocked()).isEqualTo(SignInSettingsViewModel.ADMINS_ONLY);
        assertThat(leesView.problemProperty().get()).isEqualTo(SignInSettingsViewModel.ADMINS_ONLY);
    }
}
