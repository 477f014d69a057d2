package dev.bulwark.desktop.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.ProviderSignIns;
import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.model.Secret;
import dev.bulwark.model.oidc.LinkedIdentity;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import java.net.InetAddress;
import java.nio.file.Path;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Users page shows a user's linked sign-in accounts; an administrator unlinks one (docs/decisions/0027). */
class UserIdentitiesUiTest {
    private static final String LIN = "lin@example.com";
    private static MockOAuth2Server provider;

    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

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
    void linkLinsAccountAndSignInAsAdmin() throws Exception {
        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection admin = server.signedInAsAdmin();
            admin.client().oidcProviders().create(ProviderSignIns.mock(provider));
            admin.client()
                    .users()
                    .create(new CreateUserRequest(
                            LIN, "Lin Ito", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), null));
            ProviderSignIns.next(provider, LIN, "lin-at-mock");
            ProviderSignIns.signIn(admin.client().baseUri());
        }
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @Test
    void anAdministrator_seesAUsersLinkedAccount_andUnlinksIt() {
        console.click("#navUsers");
        console.waitFor("#usersPage");
        TableView<UserDetails> users = robot.lookup("#usersTable").queryTableView();
        console.waitUntil("Lin is listed", () -> users.getItems().stream()
                .anyMatch(u -> u.user().email().equals(LIN)));
        robot.interact(() -> users.getSelectionModel()
                .select(users.getItems().stream()
                        .filter(u -> u.user().email().equals(LIN))
                        .findFirst()
                        .orElseThrow()));
        console.waitForText("#detailName", "Lin Ito");
        TableView<LinkedIdentity> links = robot.lookup("#userIdentitiesTable").queryTableView();
        console.waitUntil("the linked account is listed", () -> links.getItems().size() == 1);
        assertThat(links.getItems().getFirst().subject()).isEqualTo("lin-at-mock");
        assertThat(robot.lookup("#unlinkIdentity").queryButton().isDisabled())
                .as("nothing selected yet")
                .isTrue();

        ScrollPane detail = (ScrollPane) robot.lookup(".scroll-pane")
                .match(node -> ((ScrollPane) node).getContent() != null
                        && ((ScrollPane) node).getContent().lookup("#userDetail") != null)
                .query();
        robot.interact(() -> {
            detail.setVvalue(1);
            links.getSelectionModel().select(0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        console.click("#unlinkIdentity");
        console.click("#confirmYes");

        console.waitForText("#userIdentitiesNotice", "The Mock ID account lin-at-mock was unlinked.");
        console.waitUntil("the list is empty", () -> links.getItems().isEmpty());
    }
}
