package dev.bulwark.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.backup.Backup;
import java.nio.file.Path;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class BackupsUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void openTheBackupsTab() throws Exception {
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
        console.click("#navSettings");
        console.waitFor("#settingsTabs");
        robot.interact(() -> {
            TabPane tabs = robot.lookup("#settingsTabs").queryAs(TabPane.class);
            tabs.getSelectionModel()
                    .select(tabs.getTabs().stream()
                            .filter(t -> "backupsTabHeader".equals(t.getId()))
                            .findFirst()
                            .orElseThrow());
        });
        console.waitFor("#backupsTab");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @Test
    void anAdministrator_backsUpNow_testsTheRestore_andSeesItPassedNextToWhereTheMasterKeyIs() {
        console.waitUntil(
                "the master key note", () -> console.text("#masterKeyNote").contains("master.key"));
        assertThat(console.text("#masterKeyNote")).contains("keep a copy of it apart from the backups");
        assertThat(console.text("#backupSchedule")).isEqualTo("Schedule: daily at 02:00 (server time).");

        console.click("#backUpNow");
        console.waitUntil("the backup is listed", () -> console.text("#backupsTab #notice")
                .startsWith("Backup made"));
        TableView<Backup> table = robot.lookup("#backupsTable").queryTableView();
        console.waitUntil("one row", () -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        console.click("#testRestore");

        console.waitUntil("the restore test passed", () -> console.text("#backupsTab #notice")
                .startsWith("Restore test passed"));
        console.waitUntil("the row shows it", () -> table.getItems().getFirst().restoreTest() != null);
        assertThat(table.getItems().getFirst().restoreTest().passed()).isTrue();
    }
}
