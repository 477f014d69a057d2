package dev.bulwark.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.forward.ForwardDestination;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Settings → Forwarding, driven as an administrator would, against a real syslog receiver on this machine (a plain
 * TCP socket in the test that keeps what arrives).
 */
class ForwardingUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;
    private ServerSocket receiver;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @BeforeEach
    void open() throws Exception {
        receiver = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::receive);
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
        console.click("#navSettings");
        console.waitFor("#settingsTabs");
        robot.interact(() -> {
            javafx.scene.control.TabPane tabs =
                    robot.lookup("#settingsTabs").queryAs(javafx.scene.control.TabPane.class);
            tabs.getSelectionModel()
                    .select(tabs.getTabs().stream()
                            .filter(t -> "forwardingTab".equals(t.getId()))
                            .findFirst()
                            .orElseThrow());
        });
        console.waitFor("#forwarding");
    }

    private void receive() {
        while (!receiver.isClosed()) {
            try (Socket s = receiver.accept();
                    InputStream in = s.getInputStream()) {
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (received) {
                        received.write(buffer, 0, n);
                    }
                }
            } catch (IOException closed) {
                // the next connection, or the end of the test
            }
        }
    }

    private String receivedText() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void close() throws Exception {
        console.close();
        receiver.close();
    }

    @SuppressWarnings("unchecked")
    private List<ForwardDestination> rows() {
        return List.copyOf(((TableView<ForwardDestination>)
                        robot.lookup("#forwardingTable").query())
                .getItems());
    }

    private void select(String name) {
        console.waitUntil("the row is drawn", () -> robot.lookup(".table-row-cell .text")
                .match(n -> n instanceof javafx.scene.text.Text t && name.equals(t.getText()))
                .tryQuery()
                .isPresent());
        robot.clickOn(robot.lookup(".table-row-cell .text")
                .match(n -> n instanceof javafx.scene.text.Text t && name.equals(t.getText()))
                .<javafx.scene.Node>query());
    }

    @Test
    void aSyslogDestination_receivesTheTrail_showsItsStatus_canBeTested_andRemoved() {
        console.click("#addSyslogDestination");
        console.type("#destinationName", "Local relay");
        console.type("#destinationAddress", "127.0.0.1:" + receiver.getLocalPort());
        console.click("#destinationPlainTcp");
        console.click("#saveDestination");
        console.waitUntil("the row appears", () -> rows().size() == 1);

        console.waitUntil("the receiver has the trail", () -> receivedText().contains("\"type\":\"checkpoint\""));
        console.waitUntil("the status says it is up to date", () -> {
            console.click("#refreshForwarding");
            return "up to date".equals(ForwardingViewModel.lag(rows().getFirst()));
        });
        assertThat(receivedText())
                .containsPattern("\\d+ <1(08|10)>1 \\S+ \\S+ bulwark - audit \\[bulwark@32473 seq=\"1\"");
        select("Local relay");
        assertThat(console.text("#forwardingDetails"))
                .startsWith("Syslog (RFC 5424) over plain TCP to this machine.")
                .contains("Delivered up to record");

        console.click("#testDestination");
        console.waitUntil("the test reports success", () -> console.text("#forwardingTestResult")
                .equals("Works: The syslog receiver took a test message over plain TCP."));

        console.click("#removeDestination");
        console.click("#confirmYes");
        console.waitUntil("the row is gone", () -> rows().isEmpty());
    }

    @Test
    void aWebhookOverPlainHttp_isRefusedAtItsField() {
        console.click("#addWebhookDestination");
        console.type("#destinationName", "SIEM");
        console.type("#destinationAddress", "http://siem.example.com/bulwark");
        console.type("#destinationSecret", "0123456789abcdef0123456789abcdef");
        console.click("#saveDestination");

        console.waitUntil("the address field explains", () -> console.text("#destinationAddressError")
                .equals("Use an https URL: the trail must not cross the network in clear."));
        assertThat(rows()).isEmpty();
    }
}
