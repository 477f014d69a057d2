package dev.bulwark.desktop.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.ProviderSignIns;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.oidc.LinkedIdentity;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import java.net.InetAddress;
import java.nio.file.Path;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserIdentitiesViewModelTest {
    private static final String LEE = "lee@example.com";
    private static MockOAuth2Server provider;

    @TempDir
    Path dataDirectory;

    private TestServer server;
    private UserDetails lee;
    private UserIdentitiesViewModel adminView;
    private UserIdentitiesViewModel editorView;
    private ServerConnection leeConnection;

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
    void linkLeesAccount() {
        server = new TestServer(dataDirectory);
        ServerConnection admin = server.signedInAsAdmin();
        admin.client().oidcProviders().create(ProviderSignIns.mock(provider));
        lee = admin.client()
                .users()
                .create(new CreateUserRequest(LEE, "Lee", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), null));
        ProviderSignIns.next(provider, LEE, "lee-at-mock");
        ProviderSignIns.signIn(admin.client().baseUri());
        leeConnection = server.connect();
        leeConnection.client().auth().login(new LoginRequest(LEE, Secret.of(TestServer.OTHER_PASSWORD)));
        adminView = new UserIdentitiesViewModel(new SameThreadRunner(), admin, () -> true);
        editorView = new UserIdentitiesViewModel(new SameThreadRunner(), leeConnection, () -> false);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aUsersLinkedAccounts_areListed_andAnAdministratorUnlinksOne() {
        adminView.show(lee);
        assertThat(adminView.identities()).singleElement().satisfies(link -> {
            assertThat(link.providerName()).isEqualTo("Mock ID");
            assertThat(link.subject()).isEqualTo("lee-at-mock");
        });
        LinkedIdentity link = adminView.identities().getFirst();
        assertThat(adminView.unlinkBlocked(link)).isEmpty();
        assertThat(adminView.unlinkQuestion(link)).contains("lee-at-mock").contains(LEE);

        adminView.unlink(link);

        assertThat(adminView.identities()).isEmpty();
        assertThat(adminView.noticeProperty().get()).isEqualTo("The Mock ID account lee-at-mock was unlinked.");
        assertThat(adminView.problemProperty().get()).isEmpty();
    }

    @Test
    void unlinking_isOnlyForAdministrators_evenWhenTheButtonIsBypassed() {
        adminView.show(lee);
        LinkedIdentity link = adminView.identities().getFirst();
        editorView.show(lee);
        assertThat(editorView.unlinkBlocked(link)).isEqualTo(UserIdentitiesViewModel.ADMINS_ONLY);
        assertThat(editorView.unlinkBlocked(null)).isEqualTo(UserIdentitiesViewModel.ADMINS_ONLY);
        editorView.unlink(link);
        assertThat(editorView.problemProperty().get()).isEqualTo(UserIdentitiesViewModel.ADMINS_ONLY);

        UserIdentitiesViewModel pretending =
                new UserIdentitiesViewModel(new SameThreadRunner(), leeConnection, () -> true);
        pretending.show(lee);
        pretending.unlink(link);

        assertThat(pretending.problemProperty().get())
                .isEqualTo("Only an administrator may unlink a user's sign-in provider account.");
        adminView.show(lee);
        assertThat(adminView.identities()).hasSize(1);
        assertThat(adminView.unlinkBlocked(null)).isEqualTo(UserIdentitiesViewModel.SELECT_FIRST);
    }
}
