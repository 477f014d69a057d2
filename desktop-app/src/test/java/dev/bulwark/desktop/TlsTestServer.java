package dev.bulwark.desktop;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.client.ServerTrust;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.tls.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real standalone server serving TLS on 127.0.0.1 with the self-signed certificate {@code init} makes, for the
 * console's certificate pinning. {@link #renewCertificate()} replaces the certificate and restarts on the same
 * port, as an operator renewing it would.
 */
public final class TlsTestServer implements AutoCloseable {
    private final Path dataDirectory;
    private BulwarkServer server;

    public TlsTestServer(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.server = start(0);
    }

    private BulwarkServer start(int port) {
        ServerSettings settings = ServerSettings.standalone(
                dataDirectory,
                Optional.empty(),
                TestServer.ENVIRONMENT,
                Map.of("server.port", Integer.toString(port)),
                false);
        ServerCertificate.ensureSelfSigned(settings, Clock.systemUTC());
        return BulwarkServer.start(settings);
    }

    /** The server's address, {@code https://127.0.0.1:PORT}. */
    public URI url() {
        return server.baseUri();
    }

    /** The SHA-256 fingerprint of the certificate it presents now. */
    public String fingerprint() {
        return ServerCertificate.load(server.settings()).fingerprint();
    }

    /** Creates the first administrator with the one-time setup code and returns a client signed in as them. */
    public BulwarkClient signedInAsAdmin() {
        BulwarkClient client = new BulwarkClient(
                url(), ServerTrust.systemOrPinned(fingerprint()).httpClient());
        client.setup()
                .createFirstAdmin(new SetupRequest(
                        server.newSetupCode().orElseThrow(),
                        TestServer.ADMIN_EMAIL,
                        TestServer.ADMIN_NAME,
                        Secret.of(TestServer.ADMIN_PASSWORD)));
        client.auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        return client;
    }

    /** What a browser has once its user accepted this server's self-signed certificate: trust in exactly it. */
    public SSLContext acceptedByBrowser() {
        try {
            KeyStore accepted = KeyStore.getInstance(KeyStore.getDefaultType());
            accepted.load(null, null);
            accepted.setCertificateEntry(
                    "bulwark", ServerCertificate.load(server.settings()).leaf());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(accepted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the self-signed certificate with a new one and restarts on the same port. */
    public void renewCertificate() {
        int port = server.baseUri().getPort();
        server.close();
        try {
            Files.delete(dataDirectory.resolve(ServerCertificate.CERTIFICATE_FILE));
            Files.delete(dataDirectory.resolve(ServerCertificate.KEY_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = start(port);
    }

    @Override
    public void close() {
        server.close();
    }
}
