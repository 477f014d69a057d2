package dev.bulwark.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.client.ServerTrust;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.TestServers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server's TLS listener and the console's trust in it, over real sockets. */
class TlsServeIT {
    @TempDir
    Path dir;

    private ServerSettings settings(Path data, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of("server.port", "0"));
        values.putAll(overrides);
        return ServerSettings.standalone(data, Optional.empty(), TestServers.FAST_HASHING, values, false);
    }

    private BulwarkServer selfSignedServer(Path data) {
        ServerSettings settings = settings(data, Map.of());
        ServerCertificate.ensureSelfSigned(settings, Clock.systemUTC());
        return BulwarkServer.start(settings);
    }

    @Test
    void ensureSelfSigned_writesAnEcP256CertificateAndAnOwnerOnlyKeyOnce() throws Exception {
        ServerSettings settings = settings(dir, Map.of());

        assertThat(ServerCertificate.ensureSelfSigned(settings, Clock.systemUTC()))
                .isTrue();
        assertThat(ServerCertificate.ensureSelfSigned(settings, Clock.systemUTC()))
                .isFalse();

        Path key = dir.resolve(ServerCertificate.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        X509Certificate leaf = ServerCertificate.load(settings).leaf();
        assertThat(((ECPublicKey) leaf.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .contains("127.0.0.1", "localhost");
        assertThat(ServerCertificate.load(settings).selfSigned()).isTrue();
    }

    @Test
    void serve_withoutPlainHttp_answersOverTls13WithHsts() throws Exception {
        try (BulwarkServer server = selfSignedServer(dir)) {
            String pin = ServerCertificate.load(server.settings()).fingerprint();
            URI base = server.baseUri();
            assertThat(base.getScheme()).isEqualTo("https");

            HttpResponse<String> answer = ServerTrust.systemOrPinned(pin)
                    .httpClient()
                    .send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/server"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).isPresent();
        }
    }

    @Test
    void serve_acceptsATls12OnlyClientAndRefusesPlainHttp() throws Exception {
        try (BulwarkServer server = selfSignedServer(dir)) {
            URI base = server.baseUri();
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
            try (SSLSocket socket =
                    (SSLSocket) trustAll.getSocketFactory().createSocket(base.getHost(), base.getPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setProtocols(new String[] {"TLSv1.2"});
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            }

            ApiException plain = catchThrowableOfType(ApiException.class, () -> new BulwarkClient(
                            URI.create("http://" + base.getHost() + ":" + base.getPort()))
                    .server()
                    .info());
            assertThat(plain.type()).isEqualTo(ProblemType.SERVER_UNREACHABLE);
        }
    }

    @Test
    void firstConnect_refusesTheSelfSignedCertificateAndReportsItsFingerprint() {
        try (BulwarkServer server = selfSignedServer(dir)) {
            String expected = ServerCertificate.load(server.settings()).fingerprint();
            ServerTrust trust = ServerTrust.systemOrPinned(null);

            ApiException e = catchThrowableOfType(
                    ApiException.class, () -> new BulwarkClient(server.baseUri(), trust.httpClient())
                            .server()
                            .info());

            assertThat(e.type()).isEqualTo(ProblemType.SERVER_UNREACHABLE);
            ServerTrust.Rejection rejection = trust.lastRejection().orElseThrow();
            assertThat(rejection.verdict()).isEqualTo(ServerTrust.Verdict.UNTRUSTED);
            assertThat(rejection.fingerprint()).isEqualTo(expected).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        }
    }

    @Test
    void aPinnedFingerprint_trustsOnlyThatCertificate() {
        String oldPin;
        try (BulwarkServer server = selfSignedServer(dir)) {
            oldPin = ServerCertificate.load(server.settings()).fingerprint();
            ServerTrust trust = ServerTrust.systemOrPinned(oldPin.toLowerCase());
            assertThat(new BulwarkClient(server.baseUri(), trust.httpClient())
                            .server()
                            .info()
                            .name())
                    .isEqualTo("Bulwark");
            assertThat(trust.lastRejection()).isEmpty();
        }
        try (BulwarkServer renewed = selfSignedServer(dir.resolve("other"))) {
            ServerTrust trust = ServerTrust.systemOrPinned(oldPin);

            assertThatThrownBy(() -> new BulwarkClient(renewed.baseUri(), trust.httpClient())
                            .server()
                            .info())
                    .isInstanceOf(ApiException.class);

            ServerTrust.Rejection rejection = trust.lastRejection().orElseThrow();
            assertThat(rejection.verdict()).isEqualTo(ServerTrust.Verdict.CHANGED);
            assertThat(rejection.pinnedFingerprint()).isEqualTo(oldPin);
            assertThat(rejection.fingerprint())
                    .isEqualTo(ServerCertificate.load(renewed.settings()).fingerprint())
                    .isNotEqualTo(oldPin);
        }
    }

    @Test
    void aCaSignedCertificate_isTrustedThroughTheAuthoritiesWithTheHostNameChecked() throws Exception {
        TestCertificates ca = new TestCertificates();
        TestCertificates.IssuedCertificate issued = ca.issue(dir.resolve("pki"), "127.0.0.1");
        Map<String, String> configured = Map.of(
                "tls.certificate", issued.certificate().toString(),
                "tls.private-key", issued.key().toString());
        try (BulwarkServer server = BulwarkServer.start(settings(dir.resolve("data"), configured))) {
            assertThat(Files.exists(dir.resolve("data").resolve(ServerCertificate.CERTIFICATE_FILE)))
                    .isFalse();
            ServerTrust trust = ServerTrust.of(ca.authorities(), null);
            assertThat(new BulwarkClient(server.baseUri(), trust.httpClient())
                            .server()
                            .info()
                            .name())
                    .isEqualTo("Bulwark");

            URI byName = URI.create("https://localhost:" + server.baseUri().getPort());
            ServerTrust strict = ServerTrust.of(ca.authorities(), null);
            assertThatThrownBy(() -> new BulwarkClient(byName, strict.httpClient())
                            .server()
                            .info())
                    .isInstanceOf(ApiException.class);
            assertThat(strict.lastRejection().orElseThrow().verdict()).isEqualTo(ServerTrust.Verdict.UNTRUSTED);
        }
    }

    @Test
    void aKeyFileOthersMayRead_stopsTheServerWithTheChmodToRun() throws Exception {
        ServerSettings settings = settings(dir, Map.of());
        ServerCertificate.ensureSelfSigned(settings, Clock.systemUTC());
        Path key = dir.resolve(ServerCertificate.KEY_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> BulwarkServer.start(settings))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("chmod 600 " + key);
    }

    @Test
    void aMissingCertificate_stopsTheServerWithASentenceNamingTheSettings() {
        ServerSettings settings = settings(dir, Map.of());

        assertThatThrownBy(() -> BulwarkServer.start(settings))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("bulwark-server init")
                .hasMessageContaining("BULWARK_TLS_CERTIFICATE");
    }

    @Test
    void onlyOneOfCertificateAndKey_isASettingsError() {
        assertThatThrownBy(() -> settings(dir, Map.of("tls.certificate", "/tmp/x.pem")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("tls.private-key");
        assertThat(ServerCertificate.PROTOCOLS).isEqualTo(List.of("TLSv1.3", "TLSv1.2"));
    }

    /** Only for the protocol test: it checks the handshake's protocol, not the certificate. */
    private static final class TrustEverything implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
