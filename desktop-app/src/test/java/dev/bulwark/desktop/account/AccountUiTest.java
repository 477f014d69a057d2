package dev.bulwark.desktop.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

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
    void wrongCurrentPassword_isShownNextToTheField() {
        console.type("#currentPassword", "Not-my-password-at-all-3");
        console.type("#newPassword", TestServer.OTHER_PASSWORD);
        console.type("#confirmNewPassword", TestServer.OTHER_PASSWORD);
        console.click("#changePassword");

        console.waitFor("#currentPasswordError");
        assertThat(console.text("#currentPasswordError")).isNotEmpty();
        assertThat(console.text("#notice")).isEmpty();
    }
}
