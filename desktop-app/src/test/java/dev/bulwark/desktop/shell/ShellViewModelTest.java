package dev.bulwark.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.signin.SignInPrompt;
import dev.bulwark.desktop.ui.Appearance;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellViewModelTest {
    @TempDir
    Path dataDirectory;

    private final List<SignInPrompt> prompts = new ArrayList<>();
    private final SimpleObjectProperty<Appearance> appearance = new SimpleObjectProperty<>(Appearance.LIGHT);
    private TestServer server;
    private ServerConnection connection;
    private ShellViewModel viewModel;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        viewModel = new ShellViewModel(
                new SameThreadRunner(),
                connection,
                connection.client().session().orElseThrow().user(),
                appearance,
                prompts::add);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void header_namesTheServerAndTheUser() {
        assertThat(viewModel.serverLabel()).isEqualTo("This computer");
        assertThat(viewModel.serverAddress()).startsWith("http://127.0.0.1:");
        assertThat(viewModel.userDisplayName()).isEqualTo(TestServer.ADMIN_NAME);
        assertThat(viewModel.userRole()).isEqualTo("Administrator");
    }

    @Test
    void dashboard_isTheFirstPage() {
        assertThat(viewModel.pageProperty().get()).isEqualTo(Page.DASHBOARD);

        viewModel.show(Page.ACCOUNT);

        assertThat(viewModel.pageProperty().get()).isEqualTo(Page.ACCOUNT);
    }

    @Test
    void auditPage_isOfferedToWhoeverMayReadTheTrail() {
        assertThat(viewModel.mayRead(Module.AUDIT).get()).isFalse();

        viewModel.loadPermissions();

        assertThat(viewModel.mayRead(Module.AUDIT).get()).isTrue();
    }

    @Test
    void auditPage_isOfferedToAUserOnlyOnceGrantedAuditRead() {
        UserDetails created = connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "alan@example.com", "Alan Turing", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), false));
        ServerConnection alan = server.connect();
        alan.client().auth().login(new LoginRequest("alan@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        ShellViewModel alansShell = new ShellViewModel(
                new SameThreadRunner(),
                alan,
                alan.client().session().orElseThrow().user(),
                appearance,
                prompts::add);

        alansShell.loadPermissions();
        assertThat(alansShell.mayRead(Module.AUDIT).get()).isFalse();

        connection.client().users().setGrants(created.user().id(), new Grants(Map.of(Module.AUDIT, AccessLevel.READ)));
        alansShell.loadPermissions();

        assertThat(alansShell.mayRead(Module.AUDIT).get()).isTrue();
        alansShell.close();
    }

    @Test
    void navigation_offersUsersAndGroupsOnlyOnceTheServerSaysTheyMayBeRead() {
        assertThat(viewModel.mayRead(Module.USERS).get()).isFalse();

        viewModel.loadPermissions();

        assertThat(viewModel.mayRead(Module.USERS).get()).isTrue();
        assertThat(viewModel.mayRead(Module.GROUPS).get()).isTrue();
    }

    @Test
    void aPlainUser_isNotOfferedUsersOrGroups() {
        connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "grace@example.com", "Grace Hopper", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), false));
        ServerConnection graces = server.connect();
        graces.client().auth().login(new LoginRequest("grace@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        ShellViewModel shell = new ShellViewModel(
                new SameThreadRunner(),
                graces,
                graces.client().session().orElseThrow().user(),
                appearance,
                prompts::add);

        shell.loadPermissions();

        assertThat(shell.mayRead(Module.USERS).get()).isFalse();
        assertThat(shell.mayRead(Module.GROUPS).get()).isFalse();
        shell.close();
    }

    @Test
    void signOut_endsTheSessionOnTheServerAndSaysSo() {
        viewModel.signOut();

        assertThat(connection.client().session()).isEmpty();
        assertThat(prompts).singleElement().isEqualTo(new SignInPrompt(TestServer.ADMIN_EMAIL, "You have signed out."));
    }

    @Test
    void sessionEndedElsewhere_goesToSignInWithAMessage() {
        connection.client().auth().logout();

        assertThat(prompts)
                .singleElement()
                .isEqualTo(new SignInPrompt(TestServer.ADMIN_EMAIL, "Your session has ended. Sign in again."));
    }

    @Test
    void sessionRefusedByTheServer_goesToSignInWithAMessage() {
        ServerConnection sameServer = server.connect();
        sameServer
                .client()
                .auth()
                .login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        // Changing the password elsewhere ends every other session of the user, the shell's included.
        sameServer
                .client()
                .me()
                .changePassword(new ChangePasswordRequest(
                        Secret.of(TestServer.ADMIN_PASSWORD), Secret.of(TestServer.OTHER_PASSWORD)));

        assertThatThrownBy(() -> connection.client().me().get())
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.SESSION_EXPIRED));

        assertThat(prompts).singleElement().satisfies(p -> assertThat(p.notice())
                .isEqualTo(ShellViewModel.SESSION_ENDED));
    }

    @Test
    void closedShell_ignoresTheEndOfTheSession() {
        viewModel.close();

        connection.client().auth().logout();

        assertThat(prompts).isEmpty();
    }

    @Test
    void themeToggle_switchesBetweenLightAndDark() {
        viewModel.toggleAppearance();
        assertThat(appearance.get()).isEqualTo(Appearance.DARK);

        viewModel.toggleAppearance();
        assertThat(viewModel.appearanceProperty().get()).isEqualTo(Appearance.LIGHT);
    }
}
