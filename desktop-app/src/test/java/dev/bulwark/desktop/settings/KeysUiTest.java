package dev.bulwark.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.KeyUsage;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class KeysUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void signInAsAdmin() throws Exception {
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
    void anAdministrator_rotatesTheDataKey_andWatchesTheValuesMove() {
        BulwarkClient admin = new BulwarkClient(URI.create(console.text("#serverAddress")));
        admin.auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        for (int i = 0; i < 2; i++) {
            admin.vault()
                    .create(new CreateVaultEntryRequest(
                            "Entry " + i,
                            EntryKind.API_KEY,
                            null,
                            null,
                            Secret.of("key-value-" + i),
                            null,
                            List.of(),
                            List.of(),
                            null,
                            List.of()));
        }

        console.click("#navSettings");
        console.waitFor("#keysTab");
        console.waitForText("#rotationSummary", "Every value (2) is encrypted with the primary key.");
        TableView<KeyUsage> keys = robot.lookup("#keysTable").queryTableView();
        assertThat(keys.getItems()).hasSize(1);

        console.click("#rotateKeys");

        console.waitForText("#keysTab #notice", "The rotation has finished; older keys are disabled.");
        console.waitForText("#rotationSummary", "Every value (2) is encrypted with the primary key.");
        assertThat(keys.getItems()).hasSize(2);
        assertThat(robot.lookup("#rotationProgress")
                        .queryAs(javafx.scene.control.ProgressBar.class)
                        .getProgress())
                .isEqualTo(1.0);
    }
}
