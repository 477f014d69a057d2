package dev.bulwark.desktop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import java.nio.file.Path;
import javafx.scene.control.TitledPane;
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
                .endsWith("/ 16"));
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
    void refresh_loadsTheUptimeAgain() {
        String before = console.text("#uptime");
        robot.sleep(1_100);

        console.click("#refresh");

        console.waitUntil("the uptime changes", () -> !console.text("#uptime").equals(before));
    }
}
