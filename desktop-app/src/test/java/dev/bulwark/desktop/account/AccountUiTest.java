package dev.bulwark.desktop.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.SessionInfo;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.ApiToken;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

class AccountUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void openMyAccount() throws Exception {
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
        console.click("#navAccount");
        console.waitFor("#accountPage");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @Test
    void profile_showsTheSignedInUser() {
        console.waitForText("#profileEmail", TestServer.ADMIN_EMAIL);
        assertThat(console.text("#profileDisplayName")).isEqualTo(TestServer.ADMIN_NAME);
        assertThat(console.text("#profileRole")).isEqualTo("Administrator");
    }

    @Test
    void changePassword_thenTheNewPasswordSignsIn() {
        console.type("#currentPassword", TestServer.ADMIN_PASSWORD);
        console.type("#newPassword", TestServer.OTHER_PASSWORD);
        console.type("#confirmNewPassword", TestServer.OTHER_PASSWORD);
        console.click("#changePassword");

        console.waitForText("#notice", AccountViewModel.PASSWORD_CHANGED);
        assertThat(console.text("#currentPassword")).isEmpty();
        assertThat(robot.lookup("#accountPage").tryQuery()).isPresent();

        console.click("#signOut");
        console.waitFor("#signInScreen");
        console.signIn(TestServer.OTHER_PASSWORD);
        console.waitFor("#shell");
    }

    @Test
    void anApiToken_isCreated_shownOnce_copied_listed_andRevoked() {
        openTab("API tokens");
        console.waitFor("#myTokensTable");
        console.click("#createToken");
        console.type("#tokenName", "deploy script");
        console.click("#tokenReadOnly");
        console.click("#saveToken");

        console.waitFor("#createdTokenValue");
        String value = console.text("#createdTokenValue");
        assertThat(value).matches("bwk_[0-9A-Za-z]{43}");
        assertThat(console.text("#createdTokenWarning")).isEqualTo(TokenCreatedDialog.WARNING);
        console.click("#copyToken");
        console.waitForText("#createdTokenCopied", MyTokensViewModel.COPIED);
        assertThat(WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(
                        () -> Clipboard.getSystemClipboard().getString())))
                .isEqualTo(value);
        console.click("#closeCreatedToken");
        console.waitUntil(
                "the dialog with the value is closed",
                () -> robot.lookup("#createdTokenValue").tryQuery().isEmpty());

        assertThat(tokens().getItems()).singleElement().satisfies(token -> {
            assertThat(token.name()).isEqualTo("deploy script");
            assertThat(token.readOnly()).isTrue();
        });
        BulwarkClient script = BulwarkClient.withApiToken(URI.create(console.text("#serverAddress")), Secret.of(value));
        assertThat(script.me().get().email()).isEqualTo(TestServer.ADMIN_EMAIL);

        clickCell("deploy script");
        console.click("#revokeMyToken");
        console.click("#confirmYes");
        console.waitForText("#tokensNotice", "The token \u201cdeploy script\u201d was revoked.");
        assertThat(tokens().getItems()).isEmpty();
        assertThat(catchThrowableOfType(ApiException.class, () -> script.me().get())
                        .type())
                .isEqualTo(ProblemType.NOT_AUTHENTICATED);
    }

    @Test
    void anotherSession_isEndedFromTheSessionsTab() {
        BulwarkClient laptop = new BulwarkClient(URI.create(console.text("#serverAddress")));
        laptop.auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        openTab("Sessions");
        console.waitUntil(
                "both sessions are listed", () -> sessions().getItems().size() == 2);
        assertThat(sessions().getItems()).filteredOn(SessionInfo::current).hasSize(1);

        WaitForAsyncUtils.waitForFxEvents();
        Node other = robot.lookup("#mySessionsTable .table-row-cell").queryAll().stream()
                .filter(node -> node instanceof TableRow<?> row
                        && row.getItem() instanceof SessionInfo session
                        && !session.current())
                .findFirst()
                .orElseThrow();
        robot.clickOn(other);
        console.click("#endMySession");

        console.waitForText("#sessionsNotice", "The session was ended.");
        assertThat(sessions().getItems()).singleElement().matches(SessionInfo::current);
        assertThat(catchThrowableOfType(ApiException.class, () -> laptop.me().get())
                        .type())
                .isEqualTo(ProblemType.SESSION_EXPIRED);
    }

    private void openTab(String title) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(visible(title).orElseThrow());
    }

    private TableView<ApiToken> tokens() {
        return robot.lookup("#myTokensTable").queryTableView();
    }

    private TableView<SessionInfo> sessions() {
        return robot.lookup("#mySessionsTable").queryTableView();
    }

    private void clickCell(String text) {
        WaitForAsyncUtils.waitForFxEvents();
        console.waitUntil(text + " is shown", () -> visible(text).isPresent());
        robot.clickOn(visible(text).orElseThrow());
    }

    private Optional<Node> visible(String text) {
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

    @Test
    void wrongCurrentPassword_isShownNextToTheField() {
        console.type("#currentPassword", "Not-my-password-at-all-3");
        console.type("#newPassword", TestServer.OTHER_PASSWORD);
        console.type("#confirmNewPassword", TestServer.OTHER_PASSWORD);
        console.click("#changePassword");

        console.waitFor("#currentPasswordError");
        assertThat(console.text("#currentPasswordError")).isNotEmpty();
        assertThat(console.text("#notice")).isEmpty();
        javafx.scene.control.Control field = robot.lookup("#currentPassword").query();
        console.waitUntil(
                "the field carries a validation decoration with the reason",
                () -> dev.bulwark.desktop.ui.Validation.of(field).isInvalid());
        assertThat(dev.bulwark.desktop.ui.Validation.of(field).getHighestMessage(field))
                .hasValueSatisfying(m -> assertThat(m.getText()).isEqualTo(console.text("#currentPasswordError")));
    }

    @Test
    void aTokenLimitedToModules_isCheckedInTheMultiSelect_andNarrowedToThem() {
        openTab("API tokens");
        console.waitFor("#myTokensTable");
        console.click("#createToken");
        console.type("#tokenName", "audit reader");
        org.controlsfx.control.CheckComboBox<?> modules =
                robot.lookup("#tokenModules").query();
        assertThat(modules.getTitle()).isEqualTo("Every module you may use");

        console.click("#tokenModules");
        javafx.scene.control.ListCell<?> audit = robot.lookup(".check-box-list-cell")
                .match((javafx.scene.control.ListCell<?> c) ->
                        c.getText() != null && c.getText().equals("Audit"))
                .query();
        robot.clickOn(robot.from(audit).lookup(".check-box").<javafx.scene.Node>query());
        console.click("#tokenName"); // closes the list
        console.waitUntil("the title names the module", () -> "Audit".equals(modules.getTitle()));
        console.click("#saveToken");

        console.waitFor("#createdTokenValue");
        String value = console.text("#createdTokenValue");
        console.click("#closeCreatedToken");
        BulwarkClient script = BulwarkClient.withApiToken(URI.create(console.text("#serverAddress")), Secret.of(value));
        assertThat(script.audit().summary("24h").series()).isNotEmpty();
        assertThat(catchThrowableOfType(ApiException.class, () -> script.users().search("", 10, null))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
    }
}
