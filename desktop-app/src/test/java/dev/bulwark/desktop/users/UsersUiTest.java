package dev.bulwark.desktop.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.ApiToken;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

class UsersUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void signInAsAdmin() throws Exception {
        TestServer.withAdmin(dataDirectory);
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

    private void openUsers() {
        console.click("#navUsers");
        console.waitFor("#usersPage");
        console.waitUntil(
                "the administrator is listed", () -> !users().getItems().isEmpty());
    }

    private TableView<UserDetails> users() {
        return robot.lookup("#usersTable").queryTableView();
    }

    private boolean listed(String email) {
        return users().getItems().stream().anyMatch(user -> user.user().email().equals(email));
    }

    /** Clicks the visible cell showing {@code text}, once it is on screen (a table also keeps hidden cells). */
    private void clickCell(String text) {
        // Rows are laid out on the next pulse after the items change; until then a cell may show an old row.
        WaitForAsyncUtils.waitForFxEvents();
        console.waitUntil(text + " is shown", () -> visibleCell(text).isPresent());
        robot.clickOn(visibleCell(text).orElseThrow());
    }

    private Optional<Node> visibleCell(String text) {
        return robot.lookup(LabeledMatchers.hasText(text)).queryAll().stream()
                .filter(node -> {
                    for (Node n = node; n != null; n = n.getParent()) {
                        if (!n.isVisible()) {
                            return false;
                        }
                    }
                    return node.getScene() != null;
                })
                .findFirst();
    }

    /** Someone else working on the same server, through the API. */
    private BulwarkClient elsewhere() {
        BulwarkClient client = new BulwarkClient(URI.create(console.text("#serverAddress")));
        client.auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        return client;
    }

    @Test
    void importingACsvFile_checksEveryRow_thenCreatesTheGoodOnes() throws Exception {
        Path file = Files.writeString(
                dataDirectory.resolve("people.csv"),
                "email,name,role\nlin@example.com,Lin Ito,Editor\nnot-an-email,Nobody,\n",
                StandardCharsets.UTF_8);
        console.files().willChoose(file);
        openUsers();

        console.click("#openUserImport");
        console.click("#chooseImportFile");
        console.waitForText("#importSummary", "1 of 2 users can be imported; 1 row to fix.");
        assertThat(listed("lin@example.com")).isFalse();

        console.click("#importUsers");
        console.waitForText("#importSummary", "1 user imported; 1 row refused.");
        console.click("#closeImport");
        console.waitUntil("Lin is listed", () -> listed("lin@example.com"));
    }

    @Test
    void createAUser_editTheirRole_thenDisableThem() {
        openUsers();

        console.click("#createUser");
        console.type("#userEmail", "grace@example.com");
        console.type("#userDisplayName", "Grace Hopper");
        console.type("#userPassword", TestServer.OTHER_PASSWORD);
        console.click("#saveUser");

        console.waitUntil("Grace is listed", () -> listed("grace@example.com"));
        console.waitForText("#detailName", "Grace Hopper");
        assertThat(console.text("#detailRole")).isEqualTo("User");
        assertThat(console.text("#detailPassword")).isEqualTo("Must change at next sign-in");

        console.click("#editUser");
        console.click("#userRole");
        clickCell("Editor");
        console.click("#saveUser");
        console.waitForText("#detailRole", "Editor");

        console.click("#toggleEnabled");
        console.waitForText("#detailStatus", "Disabled");
        assertThat(console.text("#notice")).isEqualTo("Grace Hopper was disabled.");
        assertThat(console.text("#toggleEnabled")).isEqualTo("Enable");
    }

    @Test
    void anAdministrator_revokesAUsersApiToken_fromTheDetailPane() {
        BulwarkClient other = elsewhere();
        Secret value = other.me()
                .tokens()
                .create(CreateApiTokenRequest.named("nightly job"))
                .value();
        openUsers();
        clickCell(TestServer.ADMIN_EMAIL);
        console.waitForText("#detailName", TestServer.ADMIN_NAME);
        TableView<ApiToken> tokens = robot.lookup("#userTokensTable").queryTableView();
        console.waitUntil("the token is listed", () -> tokens.getItems().size() == 1);
        ScrollPane detail = (ScrollPane) robot.lookup(".scroll-pane")
                .match(node -> ((ScrollPane) node).getContent() != null
                        && ((ScrollPane) node).getContent().lookup("#userDetail") != null)
                .query();
        console.waitUntil("the token's row is scrolled into the window", () -> {
            robot.interact(() -> detail.setVvalue(1));
            Optional<Node> cell = visibleCell("nightly job");
            if (cell.isEmpty()) {
                return false;
            }
            Bounds bounds = cell.get().localToScene(cell.get().getBoundsInLocal());
            return bounds.getMinY() >= 0
                    && bounds.getMaxY() <= cell.get().getScene().getHeight();
        });

        clickCell("nightly job");
        console.click("#revokeUserToken");
        console.click("#confirmYes");

        console.waitForText("#notice", "The API token \u201cnightly job\u201d was revoked.");
        console.waitUntil("the list is empty", () -> tokens.getItems().isEmpty());
        assertThat(catchThrowableOfType(ApiException.class, () -> BulwarkClient.withApiToken(
                                        URI.create(console.text("#serverAddress")), value)
                                .me()
                                .get())
                        .type())
                .isEqualTo(ProblemType.NOT_AUTHENTICATED);
    }

    @Test
    void disablingTheLastAdministrator_isRefusedWithASentence() {
        openUsers();
        clickCell(TestServer.ADMIN_EMAIL);
        console.waitForText("#detailName", TestServer.ADMIN_NAME);

        console.click("#toggleEnabled");

        console.waitForText(
                "#problem",
                "This is the last enabled administrator, so it cannot be disabled."
                        + " Make another user an administrator first.");
        assertThat(console.text("#detailStatus")).isEqualTo("Enabled");
    }

    @Test
    void addingAUserToAGroup_showsTheGroupAmongTheReasonsForTheirPermissions() {
        BulwarkClient admin = elsewhere();
        admin.users()
                .create(new CreateUserRequest(
                        "grace@example.com", "Grace Hopper", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), false));
        Group auditors = admin.groups().create(new CreateGroupRequest("Auditors", "Review the trail"));
        admin.groups().setGrants(auditors.id(), new Grants(Map.of(Module.AUDIT, AccessLevel.READ)));
        openUsers();

        console.type("#userSearch", "grace");
        console.waitUntil("only Grace is listed", () -> users().getItems().size() == 1 && listed("grace@example.com"));
        clickCell("grace@example.com");
        console.waitForText("#detailName", "Grace Hopper");
        console.click("#addToGroup");
        console.click("#chooseConfirm");

        console.waitForText("#notice", "1 user added to Auditors.");
        console.waitUntil("the audit permission names the group", () -> console.text("#why-AUDIT")
                .contains("Auditors"));
        assertThat(console.text("#level-AUDIT")).isEqualTo("Read");
    }

    @Test
    void aLockedUser_showsUntilWhen_andTheAdministratorUnlocksThem() {
        BulwarkClient admin = elsewhere();
        admin.users()
                .create(new CreateUserRequest(
                        "grace@example.com", "Grace Hopper", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), false));
        BulwarkClient guesser = new BulwarkClient(admin.baseUri());
        for (int i = 0; i < 10; i++) {
            int guess = i;
            assertThatThrownBy(() -> guesser.auth()
                            .login(new LoginRequest("grace@example.com", Secret.of("wrong guess " + guess))))
                    .isInstanceOf(ApiException.class);
        }
        openUsers();
        clickCell("grace@example.com");
        console.waitForText("#detailName", "Grace Hopper");
        assertThat(console.text("#detailLocked")).matches("Locked until \\d\\d:\\d\\d from new addresses");

        console.click("#unlockUser");

        console.waitForText("#notice", "Grace Hopper was unlocked and can sign in again.");
        assertThat(robot.lookup("#lockState").query().isVisible()).isFalse();
    }

    @Test
    void aUserWithoutUsersAccess_isNotOfferedTheUsersPage() {
        BulwarkClient admin = elsewhere();
        UserDetails grace = admin.users()
                .create(new CreateUserRequest(
                        "grace@example.com", "Grace Hopper", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), false));
        admin.users().setGrants(grace.user().id(), new Grants(Map.of(Module.GROUPS, AccessLevel.READ)));
        console.click("#signOut");
        console.waitFor("#signInScreen");
        robot.interact(() -> robot.lookup("#email").queryAs(TextField.class).clear());
        console.type("#email", "grace@example.com");
        console.signIn(TestServer.OTHER_PASSWORD);
        console.waitFor("#shell");

        console.waitFor("#navGroups");
        assertThat(robot.lookup("#navUsers").query().isVisible()).isFalse();
    }
}
