package dev.bulwark.desktop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.audit.TimeRange;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class DashboardUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void signIn() throws Exception {
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#dashboardPage");
        console.waitForText("#userEmail", TestServer.ADMIN_EMAIL);
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @Test
    void dashboard_showsTheServerAndTheSignedInUser() {
        assertThat(console.text("#serverVersion")).isNotBlank();
        assertThat(console.text("#serverMode")).isEqualTo("Embedded in this app");
        assertThat(console.text("#database")).containsIgnoringCase("H2");
        assertThat(console.text("#uptime")).isNotBlank();
        assertThat(console.text("#userDisplayName")).isEqualTo(TestServer.ADMIN_NAME);
        assertThat(console.text("#userRole")).isEqualTo("Administrator");
        assertThat(console.text("#lastSignIn")).isNotEqualTo("Never");
        assertThat(console.text("#serverLabel")).isEqualTo("This computer");
        assertThat(console.text("#serverAddress")).startsWith("http://127.0.0.1:");
    }

    @Test
    void postureCard_showsTheScoreInTheFailureColourAndOpensACheckToWhyAndHowToFix() {
        console.waitUntil("the posture score is shown", () -> console.text("#postureScore")
                .endsWith("/ 17"));
        assertThat(robot.lookup("#postureScore").query().getStyleClass()).contains(Styles.DANGER);
        assertThat(console.text("#postureSummary")).contains("2 failures");
        TitledPane check = robot.lookup("#posture-hash-iterations").query();
        assertThat(check.isExpanded()).isFalse();

        console.click("#posture-hash-iterations");

        console.waitUntil("the check opens", check::isExpanded);
        assertThat(console.text("#posture-hash-iterations-detail")).contains("1,000");
        assertThat(console.text("#posture-hash-iterations-why")).startsWith("Why it matters: ");
        assertThat(console.text("#posture-hash-iterations-fix"))
                .startsWith("How to fix: Set password.hash-iterations (BULWARK_PASSWORD_HASH_ITERATIONS)");
    }

    @Test
    void activityCard_countsTheFailedSignIns_andOpensTheAuditTrailFilteredToThem() {
        BulwarkClient anonymous = new BulwarkClient(URI.create(console.text("#serverAddress")));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(
                            () -> anonymous.auth().login(new LoginRequest("mallory@example.com", Secret.of("guess"))))
                    .isInstanceOf(ApiException.class);
        }

        console.click("#refresh");

        console.waitForText("#activity-failed-sign-ins-total", "3");
        assertThat(robot.lookup("#activity-failed-sign-ins-total").query().getStyleClass())
                .contains(Styles.DANGER);
        assertThat(console.text("#activity-lockouts-total")).isEqualTo("0");
        assertThat(console.text("#activityNote")).startsWith("Per hour, up to ");

        console.click("#period-week");
        console.waitUntil(
                "the week is shown", () -> console.text("#activityNote").startsWith("Per 6 hours"));
        assertThat(console.text("#activity-failed-sign-ins-total")).isEqualTo("3");

        console.click("#activity-failed-sign-ins");

        console.waitFor("#auditPage");
        CheckComboBox<?> action = robot.lookup("#actionFilter").query();
        ComboBox<?> range = robot.lookup("#timeRange").query();
        console.waitUntil("the audit trail is filtered", () -> String.valueOf(action.getTitle())
                .contains("Failed sign-ins"));
        assertThat(range.getValue()).isEqualTo(TimeRange.LAST_WEEK);
    }

    @Test
    void failedSignIns_areChartedWithTheirTopAccountAndAddress_whichOpenTheTrailOnThem() {
        BulwarkClient anonymous = new BulwarkClient(URI.create(console.text("#serverAddress")));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> anonymous.auth().login(new LoginRequest("trudy@example.com", Secret.of("guess"))))
                    .isInstanceOf(ApiException.class);
        }

        console.click("#refresh");

        console.waitUntil(
                "the top account is listed",
                () -> robot.lookup("#topAccount-0").tryQuery().isPresent()
                        && console.text("#topAccount-0").equals("trudy@example.com  ·  3"));
        assertThat(console.text("#topAddress-0")).startsWith("127.0.0.1  ·  ");
        assertThat(console.text("#failedSignInNote")).startsWith("3 failed sign-ins, hour by hour.");
        assertThat(robot.lookup("#failedSignInChart").query().isVisible()).isTrue();

        console.click("#topAccount-0");

        console.waitFor("#auditPage");
        console.waitUntil(
                "the trail lists the account's failed sign-ins",
                () -> robot.lookup("#auditTable").queryTableView().getItems().size() == 3);
        assertThat(robot.lookup("#actorFilter").queryTextInputControl().getText())
                .isEqualTo("trudy@example.com");
        CheckComboBox<?> action = robot.lookup("#actionFilter").query();
        assertThat(action.getTitle()).isEqualTo("Failed sign-ins");
    }

    @Test
    void theNewestSecurityEvents_areListed_andNewOnesAppearWithoutARefresh() {
        BulwarkClient anonymous = new BulwarkClient(URI.create(console.text("#serverAddress")));
        assertThatThrownBy(() -> anonymous.auth().login(new LoginRequest("eve@example.com", Secret.of("guess"))))
                .isInstanceOf(ApiException.class);
        console.click("#refresh");
        TableView<AuditEvent> recent = robot.lookup("#recentEvents").queryTableView();
        console.waitUntil("the failed sign-in is listed", () -> failures(recent) == 1);
        assertThat(recent.getItems().getFirst().action()).isEqualTo("auth.login.failure");
        assertThat(console.text("#recentNote")).startsWith("Updated every 5 seconds.");

        assertThatThrownBy(() -> anonymous.auth().login(new LoginRequest("eve@example.com", Secret.of("again"))))
                .isInstanceOf(ApiException.class);

        console.waitUntil("the new one appears by itself", () -> failures(recent) == 2);
        assertThat(recent.getItems()).extracting(AuditEvent::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    private static long failures(TableView<AuditEvent> recent) {
        return List.copyOf(recent.getItems()).stream()
                .filter(e -> e.action().equals("auth.login.failure"))
                .count();
    }

    @Test
    void refresh_loadsTheUptimeAgain() {
        String before = console.text("#uptime");
        robot.sleep(1_100);

        console.click("#refresh");

        console.waitUntil("the uptime changes", () -> !console.text("#uptime").equals(before));
    }
}
