package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import java.nio.file.Path;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class SignInUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void open() throws Exception {
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @Test
    void wrongPassword_showsPlainSentence() {
        console.signIn(TestServer.OTHER_PASSWORD);

        console.waitForText("#problem", "The email or password is not correct.");
        assertThat(console.text("#password")).isEmpty();
        assertThat(robot.lookup("#shell").tryQuery()).isEmpty();
    }

    @Test
    void enterKey_submitsTheForm() {
        console.type("#email", TestServer.ADMIN_EMAIL);
        console.type("#password", TestServer.ADMIN_PASSWORD);

        robot.type(KeyCode.ENTER);

        console.waitFor("#shell");
    }

    @Test
    void emptyForm_asksForEmailAndPassword() {
        console.click("#signIn");

        console.waitForText("#problem", "Enter your email and password.");
    }

    @Test
    void backToServers_returnsToTheConnectionScreen() {
        console.click("#backToServers");

        console.waitFor("#connectScreen");
    }
}
