package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** The sign-in screen against a server that allows one attempt per account and minute. */
class SignInWaitUiTest {
    private static final Pattern WAIT = Pattern.compile("Too many attempts\\. Try again in (\\d+) s\\.");
    private static final Map<String, String> ONE_ATTEMPT_A_MINUTE =
            Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT", "1/1m");

    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void open() throws Exception {
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory, ONE_ATTEMPT_A_MINUTE);
        console.openThisComputer();
        console.waitFor("#signInScreen");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    private long secondsShown() {
        Matcher m = WAIT.matcher(console.text("#problem"));
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    @Test
    void tooManyAttempts_disableSignIn_withALiveCountdown() {
        console.signIn(TestServer.OTHER_PASSWORD);
        console.waitForText("#problem", "The email or password is not correct.");

        console.type("#password", TestServer.ADMIN_PASSWORD);
        console.click("#signIn");

        console.waitUntil("the wait to be shown", () -> secondsShown() <= 60);
        assertThat(robot.lookup("#signIn").queryButton().isDisabled()).isTrue();
        long first = secondsShown();
        console.waitUntil("the countdown to move", () -> secondsShown() < first);
        assertThat(robot.lookup("#signIn").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#shell").tryQuery()).isEmpty();
    }
}
