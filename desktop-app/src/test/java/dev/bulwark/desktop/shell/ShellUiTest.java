package dev.bulwark.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.ConsoleVersion;
import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.user.ChangePasswordRequest;
import java.net.URI;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.control.DialogPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class ShellUiTest {
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
        console.waitFor("#shell");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @Test
    void header_showsTheUserAndTheirRole() {
        assertThat(console.text("#signedInUser")).isEqualTo(TestServer.ADMIN_NAME);
        assertThat(console.text("#signedInRole")).isEqualTo("Administrator");
    }

    @Test
    void about_showsTheVersionOfConsoleAndServerFromTheBuild() {
        console.click("#about");
        console.waitFor("#aboutDialog");

        String about = robot.lookup("#aboutDialog").queryAs(DialogPane.class).getContentText();
        assertThat(ConsoleVersion.current()).isNotEqualTo("development");
        assertThat(about)
                .contains("Console " + ConsoleVersion.current())
                .contains("Server " + ConsoleVersion.current() + " (embedded in this app)");
    }

    @Test
    void navigation_switchesBetweenDashboardAndMyAccount() {
        console.click("#navAccount");
        console.waitFor("#accountPage");
        assertThat(robot.lookup("#dashboardPage").tryQuery()).isEmpty();

        console.click("#navDashboard");
        console.waitFor("#dashboardPage");
    }

    @Test
    void signOut_returnsToSignInWithTheEmailAndANotice() {
        console.click("#signOut");

        console.waitFor("#signInScreen");
        assertThat(console.text("#notice")).isEqualTo("You have signed out.");
        assertThat(console.text("#email")).isEqualTo(TestServer.ADMIN_EMAIL);
    }

    @Test
    void sessionEndedByTheServer_returnsToSignInWithAMessage() {
        BulwarkClient elsewhere = new BulwarkClient(URI.create(console.text("#serverAddress")));
        elsewhere.auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        // A password change elsewhere ends every other session of the user, the console's included.
        elsewhere
                .me()
                .changePassword(new ChangePasswordRequest(
                        Secret.of(TestServer.ADMIN_PASSWORD), Secret.of(TestServer.OTHER_PASSWORD)));

        console.click("#refresh");

        console.waitFor("#signInScreen");
        assertThat(console.text("#notice")).isEqualTo("Your session has ended. Sign in again.");
        assertThat(console.text("#email")).isEqualTo(TestServer.ADMIN_EMAIL);
    }

    @Test
    void themeToggle_switchesToDarkAndBack() {
        console.click("#toggleTheme");
        console.waitUntil("the dark theme is on", () -> Application.getUserAgentStylesheet()
                .contains("primer-dark"));
        console.waitUntil(
                "the choice is remembered",
                () -> new dev.bulwark.desktop.DesktopPreferences(dataDirectory).appearance()
                        == dev.bulwark.desktop.ui.Appearance.DARK);

        console.click("#toggleTheme");
        console.waitUntil("the light theme is on", () -> Application.getUserAgentStylesheet()
                .contains("primer-light"));
    }
}
