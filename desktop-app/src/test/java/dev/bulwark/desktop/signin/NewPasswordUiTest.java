package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.Secret;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** A user whose password was set by an administrator must choose their own before the console opens. */
class NewPasswordUiTest {
    private static final String CHOSEN = "Saffron-piano-glacier-9052";

    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void open() throws Exception {
        try (TestServer server = new TestServer(dataDirectory)) {
            server.signedInAsAdmin()
                    .client()
                    .users()
                    .create(new CreateUserRequest(
                            "bob@example.com", "Bob", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), true));
        }
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.type("#email", "bob@example.com");
        console.type("#password", TestServer.OTHER_PASSWORD);
        console.click("#signIn");
        console.waitFor("#newPasswordScreen");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @Test
    void aTemporaryPassword_leadsToChoosingANewOne_thenToTheConsole() {
        assertThat(robot.lookup("#shell").tryQuery()).isEmpty();

        console.type("#temporaryPassword", TestServer.OTHER_PASSWORD);
        console.type("#newPassword", CHOSEN);
        console.type("#confirmNewPassword", CHOSEN);
        console.click("#setNewPassword");

        console.waitFor("#shell");
    }

    @Test
    void aWrongTemporaryPassword_saysSo_andStaysOnTheScreen() {
        console.type("#temporaryPassword", "Not-the-temporary-one-11");
        console.type("#newPassword", CHOSEN);
        console.type("#confirmNewPassword", CHOSEN);
        console.click("#setNewPassword");

        console.waitForText("#problem", "Check the highlighted fields.");
        assertThat(robot.lookup("#shell").tryQuery()).isEmpty();
    }

    @Test
    void signOut_goesBackToSignIn() {
        console.click("#newPasswordSignOut");

        console.waitFor("#signInScreen");
    }
}
