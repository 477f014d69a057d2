package dev.bulwark.desktop.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class FirstRunUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void open() throws Exception {
        console = RunningConsole.start(robot, dataDirectory);
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @Test
    void firstRun_thenSignIn_opensTheDashboardWithUserAndServer() {
        console.createAdmin();

        assertThat(console.text("#email")).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(console.text("#notice"))
                .isEqualTo("The administrator " + TestServer.ADMIN_EMAIL + " was created. Sign in.");
        console.signIn(TestServer.ADMIN_PASSWORD);

        console.waitFor("#shell");
        console.waitForText("#userEmail", TestServer.ADMIN_EMAIL);
        assertThat(console.text("#signedInUser")).isEqualTo(TestServer.ADMIN_NAME);
        assertThat(console.text("#userRole")).isEqualTo("Administrator");
        assertThat(console.text("#serverMode")).isEqualTo("Embedded in this app");
        assertThat(Path.of(console.text("#dataDirectory")))
                .isEqualTo(dataDirectory.toAbsolutePath().normalize());
    }

    @Test
    void mismatchedPasswords_areShownNextToTheField() {
        console.openThisComputer();
        console.waitFor("#firstRunScreen");
        console.type("#email", TestServer.ADMIN_EMAIL);
        console.type("#displayName", TestServer.ADMIN_NAME);
        console.type("#password", TestServer.ADMIN_PASSWORD);
        console.type("#confirmPassword", TestServer.OTHER_PASSWORD);

        console.click("#createAdmin");

        console.waitForText("#confirmPasswordError", "The passwords do not match.");
        assertThat(console.text("#problem")).isEqualTo("Check the highlighted fields.");
        assertThat(robot.lookup("#firstRunScreen").tryQuery()).isPresent();
    }

    @Test
    void badEmailAndShortPassword_areShownNextToTheirFields() {
        console.openThisComputer();
        console.waitFor("#firstRunScreen");
        console.type("#email", "ada@");
        console.type("#displayName", TestServer.ADMIN_NAME);
        console.type("#password", "too-short");

        console.click("#createAdmin");

        console.waitForText("#emailError", "Enter an email address like name@example.com.");
        console.waitForText("#passwordError", "Use at least 12 characters.");
    }

    @Test
    void typingAPassword_showsThePolicysVerdictAsYouType() {
        console.openThisComputer();
        console.waitFor("#firstRunScreen");
        console.type("#email", TestServer.ADMIN_EMAIL);
        console.type("#password", "qwertyuiopasdfghjkl");

        console.waitForText(
                "#passwordStrengthText", "This password is one of the most common passwords; choose another.");

        console.type("#password", "-Pelican-umbrella-73");
        console.waitUntil("an accepted password", () -> List.of("Strong password.", "Good password.")
                .contains(console.text("#passwordStrengthText")));
    }

    @Test
    void backToServers_returnsToTheConnectionScreen() {
        console.openThisComputer();
        console.waitFor("#firstRunScreen");

        console.click("#backToServers");

        console.waitFor("#connectScreen");
    }

    @Test
    void secondStart_skipsFirstRun() throws Exception {
        console.createAdmin();
        console.close();

        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();

        console.waitFor("#signInScreen");
        assertThat(robot.lookup("#firstRunScreen").tryQuery()).isEmpty();
    }
}
