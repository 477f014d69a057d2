package dev.bulwark.desktop.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

class ConnectUiTest {
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
    void thisComputer_onFirstStart_opensFirstRun() {
        console.openThisComputer();

        console.waitFor("#firstRunScreen");
        assertThat(robot.lookup("#setupCode").tryQuery()).isEmpty();
    }

    @Test
    void addedServer_isListedRememberedAndRemovable() {
        console.type("#newServerAddress", "bulwark.example.com:8443");
        console.click("#addServer");

        ListView<RemoteServer> list = robot.lookup("#servers").queryListView();
        console.waitFor("#servers .list-cell");
        assertThat(list.getItems()).containsExactly(RemoteServer.parse("https://bulwark.example.com:8443"));
        assertThat(console.text("#newServerAddress")).isEmpty();
        assertThat(new SavedServers(dataDirectory).load()).hasSize(1);

        robot.clickOn("https://bulwark.example.com:8443");
        console.click("#removeServer");

        console.waitUntil("the list is empty", () -> list.getItems().isEmpty());
        assertThat(new SavedServers(dataDirectory).load()).isEmpty();
    }

    @Test
    void addedServer_isSelectedSoConnectIsOneClickAway() {
        console.type("#newServerAddress", "bulwark.example.com:8443");
        console.click("#addServer");

        ListView<RemoteServer> list = robot.lookup("#servers").queryListView();
        console.waitUntil(
                "the new server is selected", () -> list.getSelectionModel().getSelectedItem() != null);
        assertThat(robot.lookup("#connectServer").queryButton().isDisabled()).isFalse();
    }

    @Test
    void badAddress_showsOneSentence() {
        console.type("#newServerAddress", "ftp://files.example.com");
        console.click("#addServer");

        console.waitForText(
                "#problem",
                "\"ftp://files.example.com\" is not a server address. Use one like https://bulwark.example.com:8443.");
    }

    @Test
    void serverThatIsDown_showsOneSentence() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        console.type("#newServerAddress", "http://127.0.0.1:" + closedPort);
        console.click("#addServer");
        console.waitFor("#servers .list-cell");

        robot.doubleClickOn("http://127.0.0.1:" + closedPort);

        console.waitForText("#problem", "Could not connect to 127.0.0.1:" + closedPort + ". Is the server running?");
        assertThat(robot.lookup("#connectScreen").tryQuery()).isPresent();
    }
}
