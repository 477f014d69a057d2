package dev.bulwark.desktop;

import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.tls.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

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
