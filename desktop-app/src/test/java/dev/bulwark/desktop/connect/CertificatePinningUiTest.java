package dev.bulwark.desktop.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TlsTestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** The certificate question on the connection screen, against a real server serving TLS. */
class CertificatePinningUiTest {
    private static final String OLD_FINGERPRINT =
            "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private TlsTestServer server;
    private RunningConsole console;

    @AfterEach
    void close() throws Exception {
        if (console != null) {
            console.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void firstConnect_showsTheFingerprint_andTrustingItOpensTheServer() throws Exception {
        server = new TlsTestServer(dir.resolve("server"));
        console = RunningConsole.start(robot, dir.resolve("desktop"));
        console.type("#newServerAddress", server.url().toString());
        console.click("#addServer");
        console.waitFor("#servers .list-cell");

        console.click("#connectServer");

        console.waitFor("#certificateQuestion");
        assertThat(console.text("#certificateTitle")).isEqualTo("Check the server's certificate");
        assertThat(console.text("#presentedFingerprint")).isEqualTo(server.fingerprint());
        assertThat(robot.lookup("#pinnedFingerprintRow").query().isVisible()).isFalse();
        assertThat(console.text("#trustCertificate")).isEqualTo("Trust this certificate");

        console.click("#trustCertificate");

        console.waitFor("#firstRunScreen");
        assertThat(new SavedServers(dir.resolve("desktop")).load())
                .singleElement()
                .satisfies(s -> assertThat(s.pinnedFingerprint()).isEqualTo(server.fingerprint()));
    }

    @Test
    void aChangedCertificate_showsBothFingerprintsAndAnExplicitTrustTheNewCertificateAction() throws Exception {
        server = new TlsTestServer(dir.resolve("server"));
        new SavedServers(dir.resolve("desktop")).save(List.of(new RemoteServer(server.url(), OLD_FINGERPRINT)));
        console = RunningConsole.start(robot, dir.resolve("desktop"));
        console.waitFor("#servers .list-cell");
        robot.doubleClickOn(server.url() + "  (pinned certificate)");

        console.waitFor("#certificateQuestion");
        assertThat(console.text("#certificateTitle")).isEqualTo("The server's certificate has changed");
        assertThat(console.text("#pinnedFingerprint")).isEqualTo(OLD_FINGERPRINT);
        assertThat(console.text("#presentedFingerprint")).isEqualTo(server.fingerprint());
        assertThat(console.text("#trustCertificate")).isEqualTo("Trust the new certificate");

        console.click("#declineCertificate");
        console.waitUntil(
                "the question is gone",
                () -> !robot.lookup("#certificateQuestion").query().isVisible());
        assertThat(robot.lookup("#connectScreen").tryQuery()).isPresent();

        robot.doubleClickOn(server.url() + "  (pinned certificate)");
        console.click("#trustCertificate");
        console.waitFor("#firstRunScreen");
    }
}
