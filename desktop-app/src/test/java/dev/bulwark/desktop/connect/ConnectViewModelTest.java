package dev.bulwark.desktop.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.ui.SameThreadRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectViewModelTest {
    @TempDir
    Path dataDirectory;

    private final List<ServerConnection> connections = new ArrayList<>();
    private EmbeddedServerLauncher launcher;

    private ConnectViewModel viewModel(Path directory) {
        launcher = new EmbeddedServerLauncher(directory, TestServer.ENVIRONMENT);
        return new ConnectViewModel(new SameThreadRunner(), launcher, new SavedServers(directory), connections::add);
    }

    @AfterEach
    void stopServer() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void thisComputer_startsTheEmbeddedServerAndAsksForSetup() {
        ConnectViewModel viewModel = viewModel(dataDirectory);

        viewModel.connectThisComputer();

        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(connections).singleElement().satisfies(connection -> {
            assertThat(connection.isLocal()).isTrue();
            assertThat(connection.label()).isEqualTo("This computer");
            assertThat(connection.info().setupRequired()).isTrue();
            assertThat(connection.address()).startsWith("http://127.0.0.1:");
        });
        assertThat(viewModel.busyProperty().get()).isFalse();
    }

    @Test
    void thisComputer_afterSetup_needsNoSetup() {
        TestServer.withAdmin(dataDirectory);
        ConnectViewModel viewModel = viewModel(dataDirectory);

        viewModel.connectThisComputer();

        assertThat(connections)
                .singleElement()
                .satisfies(c -> assertThat(c.info().setupRequired()).isFalse());
    }

    @Test
    void dataDirectoryThatIsAFile_showsTheServersSentence() throws IOException {
        Path file = Files.writeString(dataDirectory.resolve("occupied"), "not a directory");
        ConnectViewModel viewModel = viewModel(file);

        viewModel.connectThisComputer();

        assertThat(connections).isEmpty();
        assertThat(viewModel.problemProperty().get())
                .isNotEmpty()
                .doesNotContain("Exception")
                .endsWith(".");
    }

    @Test
    void addedServer_isListedAndRemembered() {
        ConnectViewModel viewModel = viewModel(dataDirectory);
        viewModel.newServerAddressProperty().set("bulwark.example.com:8443");

        viewModel.addServer();

        assertThat(viewModel.servers()).containsExactly(RemoteServer.parse("https://bulwark.example.com:8443"));
        assertThat(viewModel.newServerAddressProperty().get()).isEmpty();
        assertThat(viewModel.lastAddedProperty().get())
                .isEqualTo(RemoteServer.parse("https://bulwark.example.com:8443"));
        ConnectViewModel reopened = viewModel(dataDirectory);
        reopened.load();
        assertThat(reopened.servers()).containsExactly(RemoteServer.parse("https://bulwark.example.com:8443"));
    }

    @Test
    void removedServer_isForgotten() {
        ConnectViewModel viewModel = viewModel(dataDirectory);
        viewModel.newServerAddressProperty().set("https://one.example.com");
        viewModel.addServer();
        viewModel.newServerAddressProperty().set("https://two.example.com");
        viewModel.addServer();

        viewModel.removeServer(RemoteServer.parse("https://one.example.com"));

        ConnectViewModel reopened = viewModel(dataDirectory);
        reopened.load();
        assertThat(reopened.servers()).containsExactly(RemoteServer.parse("https://two.example.com"));
    }

    @Test
    void sameServerTwice_isRefused() {
        ConnectViewModel viewModel = viewModel(dataDirectory);
        viewModel.newServerAddressProperty().set("https://one.example.com");
        viewModel.addServer();
        viewModel.newServerAddressProperty().set("https://one.example.com/");

        viewModel.addServer();

        assertThat(viewModel.servers()).hasSize(1);
        assertThat(viewModel.problemProperty().get()).isEqualTo("https://one.example.com is in the list already.");
    }

    @Test
    void badAddress_showsASentenceAndAddsNothing() {
        ConnectViewModel viewModel = viewModel(dataDirectory);
        viewModel.newServerAddressProperty().set("ftp://files");

        viewModel.addServer();

        assertThat(viewModel.servers()).isEmpty();
        assertThat(viewModel.problemProperty().get()).startsWith("\"ftp://files\" is not a server address.");
    }

    @Test
    void remoteServerThatIsDown_showsASentence() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConnectViewModel viewModel = viewModel(dataDirectory);

        viewModel.connect(RemoteServer.parse("http://127.0.0.1:" + closedPort));

        assertThat(connections).isEmpty();
        assertThat(viewModel.problemProperty().get())
                .isEqualTo("Could not connect to 127.0.0.1:" + closedPort + ". Is the server running?");
    }

    @Test
    void runningServerByAddress_connectsAsRemote() {
        try (TestServer server = new TestServer(dataDirectory.resolve("remote"))) {
            String address = server.connect().address();
            ConnectViewModel viewModel = viewModel(dataDirectory);

            viewModel.connect(RemoteServer.parse(address));

            assertThat(connections).singleElement().satisfies(connection -> {
                assertThat(connection.isLocal()).isFalse();
                assertThat(connection.label()).isEqualTo(address);
                assertThat(connection.newSetupCode()).isEmpty();
            });
        }
    }
}
