package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** A history cut on disk between two runs of the console turns the shell's banner and the audit badge red. */
class PinnedHistoryUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @AfterEach
    void close() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    private void startAndSignIn() throws Exception {
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
    }

    @Test
    void historyCutWhileTheConsoleWasClosed_showsARedBannerAndBadge() throws Exception {
        TestServer.withAdmin(dataDirectory);
        startAndSignIn();
        console.click("#navAudit");
        console.waitUntil("the history is verified and pinned", () -> console.text("#integrityBadge")
                .startsWith("Verified up to "));
        long pinned = Long.parseLong(console.text("#integrityBadge").substring("Verified up to ".length()));
        assertThat(robot.lookup("#warningBanner").query().isVisible()).isFalse();
        console.close();
        console = null;

        TamperedTrail.cutAfter(dataDirectory, 1);
        startAndSignIn();

        String changed = "History changed since you last verified: checkpoint " + pinned + " no longer matches";
        console.waitUntil(
                "the banner warns on any page",
                () -> robot.lookup("#warningBanner").query().isVisible()
                        && console.text("#warningText").startsWith(changed));
        console.click("#reviewWarning");
        console.waitFor("#auditPage");
        console.waitForText("#integrityBadge", changed);
        assertThat(robot.lookup("#integrityBadge").query().getStyleClass()).contains(Styles.DANGER);
    }
}
