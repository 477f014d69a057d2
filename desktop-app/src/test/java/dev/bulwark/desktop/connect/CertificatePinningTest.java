package dev.bulwark.desktop.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.TlsTestServer;
import dev.bulwark.desktop.ui.SameThreadRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First connect, pinning and a changed certificate, against a real server serving TLS on 127.0.0.1. */
class CertificatePinningTest {
    @TempDir
    Path dir;

    private final List<ServerConnection> connections = new ArrayList<>();
    private TlsTestServer server;
    private ConnectViewModel viewModel;

    @BeforeEach
    void start() {
        server = new TlsTestServer(dir.resolve("server"));
        viewModel = viewModel();
        viewModel.newServerAddressProperty().set(server.url().toString());
        viewModel.addServer();
    }

    private ConnectViewModel viewModel() {
        Path desktop = dir.resolve("desktop");
        return new ConnectViewModel(
                new SameThreadRunner(),
                new EmbeddedServerLauncher(desktop, TestServer.ENVIRONMENT),
                new SavedServers(desktop),
                connections::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RemoteServer saved() {
        return viewModel.servers().getFirst();
    }

    @Test
    void firstConnect_asksAboutTheSelfSignedCertificateAndShowsItsFingerprint() {
        viewModel.connect(saved());

        assertThat(connections).isEmpty();
        assertThat(viewModel.problemProperty().get()).isEmpty();
        CertificateQuestion question = viewModel.certificateQuestionProperty().get();
        assertThat(question.changed()).isFalse();
        assertThat(question.presentedFingerprint()).isEqualTo(server.fingerprint());
        assertThat(question.trustLabel()).isEqualTo("Trust this certificate");
        assertThat(saved().isPinned()).isFalse();
    }

    @Test
    void trustingIt_pinsTheFingerprintWithTheSavedServerAndConnects() {
        viewModel.connect(saved());

        viewModel.trustCertificate();

        assertThat(viewModel.certificateQuestionProperty().get()).isNull();
        assertThat(connections)
                .singleElement()
                .satisfies(c -> assertThat(c.info().name()).isEqualTo("Bulwark"));
        assertThat(saved().pinnedFingerprint()).isEqualTo(server.fingerprint());
        ConnectViewModel reopened = viewModel();
        reopened.load();
        assertThat(reopened.servers()).singleElement().satisfies(s -> assertThat(s.pinnedFingerprint())
                .isEqualTo(server.fingerprint()));

        reopened.connect(reopened.servers().getFirst());
        assertThat(connections).hasSize(2);
        assertThat(reopened.certificateQuestionProperty().get()).isNull();
    }

    @Test
    void declining_pinsNothingAndDoesNotConnect() {
        viewModel.connect(saved());

        viewModel.declineCertificate();

        assertThat(viewModel.certificateQuestionProperty().get()).isNull();
        assertThat(connections).isEmpty();
        assertThat(saved().isPinned()).isFalse();
    }

    @Test
    void aChangedCertificate_blocksWithBothFingerprints_untilTheNewOneIsTrustedExplicitly() {
        viewModel.connect(saved());
        viewModel.trustCertificate();
        String oldFingerprint = server.fingerprint();

        server.renewCertificate();
        viewModel.connect(saved());

        assertThat(connections).hasSize(1);
        CertificateQuestion question = viewModel.certificateQuestionProperty().get();
        assertThat(question.changed()).isTrue();
        assertThat(question.title()).isEqualTo("The server's certificate has changed");
        assertThat(question.pinnedFingerprint()).isEqualTo(oldFingerprint);
        assertThat(question.presentedFingerprint())
                .isEqualTo(server.fingerprint())
                .isNotEqualTo(oldFingerprint);
        assertThat(question.trustLabel()).isEqualTo("Trust the new certificate");

        viewModel.declineCertificate();
        assertThat(saved().pinnedFingerprint()).isEqualTo(oldFingerprint);
        viewModel.connect(saved());
        viewModel.trustCertificate();

        assertThat(connections).hasSize(2);
        assertThat(saved().pinnedFingerprint()).isEqualTo(server.fingerprint());
    }
}
