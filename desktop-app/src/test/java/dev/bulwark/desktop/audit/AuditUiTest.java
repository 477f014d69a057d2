package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.problem.ApiException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class AuditUiTest {
    private static final String INTRUDER = "mallory@example.com";

    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void signInAfterTwoFailedAttempts() throws Exception {
        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection connection = server.connectWithAdmin();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> connection
                                .client()
                                .auth()
                                .login(new LoginRequest(INTRUDER, Secret.of("not-the-password-at-all"))))
                        .isInstanceOf(ApiException.class);
            }
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
    void auditPage_listsEventsFiltersToFailedSignInsShowsDetailsAndVerifies() {
        console.click("#navAudit");
        console.waitFor("#auditPage");
        console.waitUntil("the trail is listed", () -> events().size() >= 3);
        assertThat(events()).extracting(AuditEvent::action).contains("auth.login.failure", "auth.login.success");
        console.waitUntil(
                "the chain is verified", () -> console.text("#integrityBadge").startsWith("Verified up to "));

        console.click("#quickFailedSignIns");
        console.waitUntil(
                "only failed sign-ins are listed",
                () -> events().size() == 2
                        && events().stream().allMatch(e -> e.action().equals("auth.login.failure")));
        assertThat(console.text("#auditSummary")).isEqualTo("2 events");

        robot.clickOn(firstRow());
        console.waitForText("#detailAction", "auth.login.failure");
        AuditEvent newest = events().getFirst();
        assertThat(console.text("#detailSequence")).isEqualTo(Long.toString(newest.seq()));
        assertThat(console.text("#detailActor")).isEqualTo(INTRUDER + " (not signed in)");
        assertThat(console.text("#detailOutcome")).isEqualTo(AuditText.outcome(newest.outcome()));
        assertThat(console.text("#detailSourceIP")).isEqualTo(newest.sourceIp());

        console.click("#clearFilters");
        console.type("#actorFilter", TestServer.ADMIN_EMAIL);
        console.click("#applyFilters");
        console.waitUntil(
                "only the administrator's events are listed",
                () -> !events().isEmpty()
                        && events().stream()
                                .allMatch(e ->
                                        TestServer.ADMIN_EMAIL.equals(e.actor().email())));

        console.click("#verifyNow");
        console.waitUntil("the chain is verified again", () -> console.text("#integrityBadge")
                .startsWith("Verified up to "));
    }

    @Test
    void scrollingToTheEnd_readsTheNextOlderPage() {
        BulwarkClient elsewhere = new BulwarkClient(URI.create(console.text("#serverAddress")));
        elsewhere.auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        for (int i = 0; i < AuditViewModel.PAGE_SIZE; i++) {
            elsewhere.groups().create(new CreateGroupRequest("Team " + i, null));
        }

        console.click("#navAudit");
        console.waitUntil("the first page is listed", () -> events().size() == AuditViewModel.PAGE_SIZE);
        assertThat(console.text("#auditSummary")).isEqualTo("100 events shown; scroll down for older ones");

        robot.clickOn(firstRow());
        robot.type(KeyCode.END);

        console.waitUntil("the next page is listed", () -> events().size() > AuditViewModel.PAGE_SIZE);
        console.waitUntil(
                "the whole trail is listed", () -> console.text("#auditSummary").matches("\\d+ events"));
        assertThat(events()).extracting(AuditEvent::seq).doesNotHaveDuplicates();
        assertThat(events().getLast().seq()).isEqualTo(1);
    }

    private List<AuditEvent> events() {
        TableView<AuditEvent> table = robot.lookup("#auditTable").queryTableView();
        return List.copyOf(table.getItems());
    }

    private TableRow<?> firstRow() {
        return robot.lookup("#auditTable .table-row-cell")
                .match((TableRow<?> row) -> row.getIndex() == 0 && !row.isEmpty())
                .query();
    }
}
