package dev.bulwark.desktop.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.signin.SignInPrompt;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstRunViewModelTest {
    @TempDir
    Path dataDirectory;

    private final List<SignInPrompt> prompts = new ArrayList<>();
    private int backToServers;
    private TestServer server;
    private ServerConnection connection;

    @BeforeEach
    void startServer() {
        server = new TestServer(dataDirectory);
        connection = server.connect();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private FirstRunViewModel filledIn(ServerConnection on) {
        FirstRunViewModel viewModel =
                new FirstRunViewModel(new SameThreadRunner(), on, prompts::add, () -> backToServers++);
        viewModel.emailProperty().set(" ada@example.com ");
        viewModel.displayNameProperty().set("Ada Lovelace");
        viewModel.passwordProperty().set(TestServer.ADMIN_PASSWORD);
        viewModel.confirmPasswordProperty().set(TestServer.ADMIN_PASSWORD);
        return viewModel;
    }

    @Test
    void validForm_createsTheAdministratorAndGoesToSignInWithTheEmail() {
        FirstRunViewModel viewModel = filledIn(connection);

        viewModel.createAdmin();

        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(prompts).singleElement().satisfies(prompt -> {
            assertThat(prompt.email()).isEqualTo("ada@example.com");
            assertThat(prompt.notice()).contains("was created");
        });
        assertThat(viewModel.passwordProperty().get()).isEmpty();
        connection.client().auth().login(new LoginRequest("ada@example.com", Secret.of(TestServer.ADMIN_PASSWORD)));
        assertThat(connection.client().me().get().displayName()).isEqualTo("Ada Lovelace");
    }

    @Test
    void thisComputer_needsNoSetupCodeField() {
        assertThat(filledIn(connection).isSetupCodeRequired()).isFalse();
    }

    @Test
    void badEmail_isShownNextToTheFieldAndNothingIsSent() {
        FirstRunViewModel viewModel = filledIn(connection);
        viewModel.emailProperty().set("ada@");

        viewModel.createAdmin();

        assertThat(viewModel.emailErrorProperty().get()).isEqualTo("Enter an email address like name@example.com.");
        assertThat(viewModel.problemProperty().get()).isEqualTo("Check the highlighted fields.");
        assertThat(prompts).isEmpty();
        assertThat(connection.client().server().info().setupRequired()).isTrue();
    }

    @Test
    void shortPasswordAndMissingName_areEachShownNextToTheirField() {
        FirstRunViewModel viewModel = filledIn(connection);
        viewModel.displayNameProperty().set(" ");
        viewModel.passwordProperty().set("short");

        viewModel.createAdmin();

        assertThat(viewModel.displayNameErrorProperty().get()).isEqualTo("Enter the name to show in the console.");
        assertThat(viewModel.passwordErrorProperty().get()).isEqualTo("Use at least 12 characters.");
        assertThat(viewModel.emailErrorProperty().get()).isEmpty();
    }

    @Test
    void differentConfirmation_isShownNextToIt() {
        FirstRunViewModel viewModel = filledIn(connection);
        viewModel.confirmPasswordProperty().set(TestServer.OTHER_PASSWORD);

        viewModel.createAdmin();

        assertThat(viewModel.confirmPasswordErrorProperty().get()).isEqualTo("The passwords do not match.");
        assertThat(prompts).isEmpty();
    }

    @Test
    void editingAField_clearsItsError() {
        FirstRunViewModel viewModel = filledIn(connection);
        viewModel.emailProperty().set("nope");
        viewModel.createAdmin();

        viewModel.emailProperty().set("nope@example.com");

        assertThat(viewModel.emailErrorProperty().get()).isEmpty();
    }

    @Test
    void commonPassword_showsTheServersReasonNextToThePassword() {
        FirstRunViewModel viewModel = filledIn(connection);
        viewModel.passwordProperty().set("password1234");
        viewModel.confirmPasswordProperty().set("password1234");

        viewModel.createAdmin();

        assertThat(viewModel.passwordErrorProperty().get()).isNotEmpty();
        assertThat(viewModel.problemProperty().get()).isEqualTo("Check the highlighted fields.");
        assertThat(prompts).isEmpty();
    }

    @Test
    void administratorExistingAlready_goesToSignInAndSaysSo() {
        filledIn(connection).createAdmin();
        prompts.clear();

        filledIn(connection).createAdmin();

        assertThat(prompts).singleElement().satisfies(prompt -> assertThat(prompt.notice())
                .isEqualTo("This server already has an administrator. Sign in."));
    }

    @Test
    void remoteServer_asksForTheSetupCodeBeforeSending() {
        ServerConnection remote = remoteConnection();
        FirstRunViewModel viewModel = filledIn(remote);

        viewModel.createAdmin();

        assertThat(viewModel.isSetupCodeRequired()).isTrue();
        assertThat(viewModel.setupCodeErrorProperty().get()).isEqualTo(FirstRunViewModel.SETUP_CODE_MISSING);
        assertThat(prompts).isEmpty();
    }

    @Test
    void remoteServer_wrongSetupCode_isShownNextToTheCode() {
        ServerConnection remote = remoteConnection();
        FirstRunViewModel viewModel = filledIn(remote);
        viewModel.setupCodeProperty().set("WRONG-CODE-1234");

        viewModel.createAdmin();

        assertThat(viewModel.setupCodeErrorProperty().get()).isNotEmpty();
        assertThat(prompts).isEmpty();
    }

    @Test
    void remoteServer_rightSetupCode_createsTheAdministrator() {
        ServerConnection remote = remoteConnection();
        FirstRunViewModel viewModel = filledIn(remote);
        viewModel
                .setupCodeProperty()
                .set(server.launcher().newSetupCode().orElseThrow().reveal());

        viewModel.createAdmin();

        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(prompts).singleElement().satisfies(p -> assertThat(p.email()).isEqualTo("ada@example.com"));
    }

    @Test
    void backToServers_leavesWithoutCreatingAnyone() {
        filledIn(connection).backToServers();

        assertThat(backToServers).isEqualTo(1);
        assertThat(connection.client().server().info().setupRequired()).isTrue();
    }

    /** The same server reached by its address, as a remote administrator would: the code must be typed. */
    private ServerConnection remoteConnection() {
        BulwarkClient client = new BulwarkClient(connection.client().baseUri());
        return ServerConnection.remote(client, client.server().info());
    }

    private final List<dev.bulwark.model.user.User> toAuthenticator = new ArrayList<>();

    private FirstRunViewModel offeringAnAuthenticator(ServerConnection on) {
        FirstRunViewModel viewModel = new FirstRunViewModel(
                new SameThreadRunner(), on, prompts::add, () -> backToServers++, toAuthenticator::add);
        viewModel.emailProperty().set("ada@example.com");
        viewModel.displayNameProperty().set("Ada Lovelace");
        viewModel.passwordProperty().set(TestServer.ADMIN_PASSWORD);
        viewModel.confirmPasswordProperty().set(TestServer.ADMIN_PASSWORD);
        return viewModel;
    }

    @Test
    void mfaOnWithoutMailOrAuthenticator_signsTheNewAdministratorIn_andOffersTheAuthenticatorAtOnce() {
        server.close();
        server = new TestServer(dataDirectory.resolve("mfa"), java.util.Map.of("BULWARK_MFA_ENABLED", "true"));
        ServerConnection mfaOn = server.connect();
        FirstRunViewModel viewModel = offeringAnAuthenticator(mfaOn);

        viewModel.createAdmin();

        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(prompts).isEmpty();
        assertThat(toAuthenticator).singleElement().satisfies(u -> assertThat(u.email())
                .isEqualTo("ada@example.com"));
        assertThat(mfaOn.client().mfa().status().totpEnrolled()).isFalse();
        assertThat(mfaOn.client().mfa().startTotp().secret().reveal()).isNotEmpty();
    }

    @Test
    void mfaOff_needsNoAuthenticatorStep_andGoesToSignInAsBefore() {
        FirstRunViewModel viewModel = offeringAnAuthenticator(connection);

        viewModel.createAdmin();

        assertThat(toAuthenticator).isEmpty();
        assertThat(prompts).singleElement().satisfies(prompt -> assertThat(prompt.notice())
                .contains("was created"));
        assertThat(connection.client().session()).isEmpty();
    }
}
