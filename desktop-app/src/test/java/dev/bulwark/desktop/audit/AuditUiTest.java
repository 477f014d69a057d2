package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Validation;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditHistogram.Bucket;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class AuditUiTest {
    private static final String INTRUDER = "mallory@example.com";

    @TempDir
    Path dataDirectory;

    @TempDir
    Path exports;

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
        console.files().saveInto(exports);
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
        assertThat(robot.lookup("#detailPane").tryQuery())
                .as("no details before a selection")
                .isEmpty();
        double listHeight =
                robot.lookup("#auditTable").query().getLayoutBounds().getHeight();

        robot.clickOn(firstRow());
        console.waitForText("#detailAction", "auth.login.failure");
        AuditEvent newest = events().getFirst();
        assertThat(console.text("#detailSequence")).isEqualTo(Long.toString(newest.seq()));
        assertThat(console.text("#detailActor")).isEqualTo(INTRUDER + " (not signed in)");
        assertThat(console.text("#detailOutcome")).isEqualTo(AuditText.outcome(newest.outcome()));
        assertThat(console.text("#detailSourceIP")).isEqualTo(newest.sourceIp());
        console.waitUntil(
                "the list makes room for the details",
                () -> robot.lookup("#auditTable").query().getLayoutBounds().getHeight() < listHeight);

        console.click("#closeDetails");
        console.waitUntil(
                "the details are hidden",
                () -> robot.lookup("#detailPane").tryQuery().isEmpty());
        assertThat(robot.lookup("#auditTable")
                        .queryTableView()
                        .getSelectionModel()
                        .isEmpty())
                .isTrue();
        assertThat(robot.lookup("#auditTable").query().getLayoutBounds().getHeight())
                .isEqualTo(listHeight);

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

    @Test
    void clickingATimelineBar_narrowsTheListToThatPeriod() {
        console.click("#navAudit");
        console.waitUntil("the timeline is drawn", () -> !chart().buckets().isEmpty());
        assertThat(console.text("#timelineCaption")).contains("failures or denials in red");
        TimelineChart chart = chart();
        List<Bucket> buckets = chart.buckets();
        int busiest = 0;
        for (int i = 0; i < buckets.size(); i++) {
            if (buckets.get(i).total() > buckets.get(busiest).total()) {
                busiest = i;
            }
        }
        Bucket chosen = buckets.get(busiest);

        robot.clickOn(chart.localToScreen(chart.centreOf(busiest), chart.getHeight() - 3));

        console.waitUntil("only the bar's events are listed", () -> events().size() == chosen.total());
        assertThat(robot.lookup("#chosenPeriod").query().isVisible()).isTrue();
        assertThat(console.text("#chosenPeriod")).startsWith(AuditText.time(chosen.start()) + " – ");
        assertThat(events()).allSatisfy(e -> assertThat(e.occurredAt()).isAfterOrEqualTo(chosen.start()));
        console.waitUntil(
                "the timeline follows the narrower filter",
                () -> chart().buckets().stream().mapToLong(Bucket::total).sum() == chosen.total());
    }

    @Test
    void exportAsCsv_writesTheFilteredEventsAndSaysWhereAndHowMany() throws Exception {
        console.click("#navAudit");
        console.click("#quickFailedSignIns");
        console.waitUntil("only failed sign-ins are listed", () -> events().size() == 2);

        console.click("#exportEvents");
        console.waitFor("#chooser");
        console.click("#chooseConfirm");

        Path file = exports.resolve(ExportViewModel.suggestedName(AuditExportFormat.CSV));
        console.waitForText("#exportNotice", "Exported 2 events to " + file + ".");
        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    @Test
    void savedView_isSavedAppliedSharedDeletedAndImported() {
        console.click("#navAudit");
        console.click("#quickFailedSignIns");
        console.waitUntil("only failed sign-ins are listed", () -> events().size() == 2);

        console.click("#saveView");
        console.type("#viewName", "Failed at night");
        console.click("#viewNameConfirm");
        console.waitForText("#viewsNotice", "Saved the view Failed at night.");

        console.click("#clearFilters");
        console.waitUntil("everything is listed again", () -> events().size() > 2);
        console.click("#savedViews");
        robot.clickOn("Failed at night");
        console.waitUntil(
                "the view's filters are back",
                () -> events().size() == 2
                        && events().stream().allMatch(e -> e.action().equals("auth.login.failure")));

        console.click("#shareView");
        console.waitUntil("the view is shown as text", () -> console.text("#sharedViewText")
                .startsWith(SavedViewText.PREFIX));
        String shared = console.text("#sharedViewText");
        console.click("#deleteView");
        console.waitForText("#viewsNotice", "Deleted the view Failed at night.");

        console.click("#importView");
        console.type("#importText", shared);
        console.click("#importTextConfirm");
        console.waitForText("#viewsNotice", "Imported the view Failed at night.");
        assertThat(robot.lookup("#savedViews").queryComboBox().getItems())
                .extracting(item -> ((SavedView) item).name())
                .containsExactly("Failed at night");
    }

    @Test
    void aUserWithOnlyAuditRead_seesJustTheAuditPageWithTimelineAndExport() throws Exception {
        BulwarkClient admin = new BulwarkClient(URI.create(console.text("#serverAddress")));
        admin.auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        UserDetails officer = admin.users()
                .create(new CreateUserRequest(
                        "olga@example.com", "Olga Officer", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), false));
        admin.users().setGrants(officer.user().id(), new Grants(Map.of(Module.AUDIT, AccessLevel.READ)));
        console.click("#signOut");
        console.waitFor("#signInScreen");
        robot.interact(() -> robot.lookup("#email").queryAs(TextField.class).clear());
        console.type("#email", "olga@example.com");
        console.signIn(TestServer.OTHER_PASSWORD);
        console.waitFor("#shell");

        console.waitFor("#navAudit");
        assertThat(robot.lookup("#navUsers").query().isVisible()).isFalse();
        assertThat(robot.lookup("#navGroups").query().isVisible()).isFalse();
        console.click("#navAudit");
        console.waitUntil("the trail is listed", () -> !events().isEmpty());
        console.waitUntil(
                "the chain is verified", () -> console.text("#integrityBadge").startsWith("Verified up to "));
        console.waitUntil("the timeline is drawn", () -> !chart().buckets().isEmpty());

        console.click("#exportEvents");
        console.waitFor("#chooser");
        console.click("#chooseConfirm");
        console.waitUntil(
                "the export is done", () -> console.text("#exportNotice").startsWith("Exported "));
        assertThat(exports.resolve(ExportViewModel.suggestedName(AuditExportFormat.CSV)))
                .exists();
    }

    private TimelineChart chart() {
        return robot.lookup("#timeline").queryAs(TimelineChart.class);
    }

    @Test
    void checkingSeveralActions_listsEveryOneOfThem_andTheTitleNamesTheChoice() {
        console.click("#navAudit");
        console.waitUntil("the trail is listed", () -> events().size() >= 3);
        CheckComboBox<String> action = robot.lookup("#actionFilter").query();
        assertThat(action.getTitle()).isEqualTo("Any action");

        console.click("#actionFilter");
        robot.clickOn(checkBoxOf("auth.login.failure"));
        robot.clickOn(checkBoxOf("auth.login.success"));
        robot.type(KeyCode.ESCAPE);
        console.click("#applyFilters");

        console.waitUntil(
                "sign-ins that failed and succeeded are listed",
                () -> !events().isEmpty()
                        && events().stream()
                                .allMatch(e -> e.action().equals("auth.login.failure")
                                        || e.action().equals("auth.login.success"))
                        && events().stream().anyMatch(e -> e.action().equals("auth.login.success")));
        assertThat(events().stream().filter(e -> e.action().equals("auth.login.failure")))
                .hasSize(2);
        assertThat(action.getTitle()).isEqualTo("2 actions");

        console.click("#quickSecretReveals");
        console.waitUntil("the quick view checks its actions", () -> action.getCheckModel()
                .getCheckedItems()
                .equals(List.of("vault.entry.copy", "vault.entry.reveal")));
        assertThat(action.getTitle()).isEqualTo("Secret reveals and copies");
    }

    @Test
    void theRowMenu_filtersByTheActorOrAddress_andCopiesTheEventAsJson() {
        console.click("#navAudit");
        console.click("#quickFailedSignIns");
        console.waitUntil("only failed sign-ins are listed", () -> events().size() == 2);
        AuditEvent newest = events().getFirst();
        console.click("#clearFilters");
        console.waitUntil("everything is listed again", () -> events().size() > 2);

        robot.rightClickOn(rowOf(newest.seq()));
        robot.clickOn("Filter by this actor");

        console.waitUntil(
                "only the intruder's events are listed",
                () -> events().size() == 2
                        && events().stream()
                                .allMatch(e -> INTRUDER.equals(e.actor().email())));
        assertThat(robot.lookup("#actorFilter").queryTextInputControl().getText())
                .isEqualTo(INTRUDER);

        robot.rightClickOn(firstRow());
        robot.clickOn("Copy as JSON");
        assertThat(org.testfx.util.WaitForAsyncUtils.waitFor(org.testfx.util.WaitForAsyncUtils.asyncFx(
                        () -> javafx.scene.input.Clipboard.getSystemClipboard().getString())))
                .contains("\"seq\" : " + newest.seq())
                .contains("\"action\" : \"auth.login.failure\"");

        robot.rightClickOn(firstRow());
        robot.clickOn("Filter by this address");
        console.waitUntil("the address is the filter", () -> newest.sourceIp()
                .equals(robot.lookup("#ipFilter").queryTextInputControl().getText()));
    }

    @Test
    void aTypedPeriod_narrowsTheList_andAMistypedOneIsDecoratedWithItsReason() {
        console.click("#navAudit");
        console.waitUntil("the trail is listed", () -> events().size() >= 3);

        console.type("#fromFilter", "last tuesday");
        console.click("#applyFilters");

        TextField from = robot.lookup("#fromFilter").query();
        console.waitUntil(
                "the field is decorated",
                () -> Validation.of(from) != null && Validation.of(from).isInvalid());
        assertThat(Validation.of(from).getHighestMessage(from))
                .hasValueSatisfying(m -> assertThat(m.getText()).contains(AuditViewModel.DATE_TIME_FORMAT));
        assertThat(from.getPseudoClassStates()).contains(atlantafx.base.theme.Styles.STATE_DANGER);

        java.time.format.DateTimeFormatter typed =
                java.time.format.DateTimeFormatter.ofPattern(AuditViewModel.DATE_TIME_FORMAT);
        robot.interact(() -> {
            from.setText(typed.format(java.time.LocalDateTime.now().minusDays(2)));
            robot.lookup("#toFilter")
                    .queryTextInputControl()
                    .setText(typed.format(java.time.LocalDateTime.now().minusDays(1)));
        });
        console.click("#applyFilters");
        console.waitUntil("nothing happened the day before yesterday", () -> events().isEmpty());
        assertThat(Validation.of(from).isInvalid()).isFalse();
        assertThat(console.text("#chosenPeriod")).contains(" – ");
    }

    /** The check box of {@code code} in the open action filter. */
    private javafx.scene.Node checkBoxOf(String code) {
        javafx.scene.control.ListCell<?> cell = robot.lookup(".check-box-list-cell")
                .match((javafx.scene.control.ListCell<?> c) -> code.equals(c.getItem()))
                .query();
        return robot.from(cell).lookup(".check-box").query();
    }

    private javafx.scene.Node rowOf(long seq) {
        return robot.lookup("#auditTable .table-row-cell")
                .match((TableRow<AuditEvent> row) ->
                        !row.isEmpty() && row.getItem().seq() == seq)
                .query();
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
