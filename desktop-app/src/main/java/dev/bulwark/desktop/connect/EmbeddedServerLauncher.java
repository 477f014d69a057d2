package dev.bulwark.desktop.connect;

import dev.bulwark.desktop.ui.UserFacingException;
import dev.bulwark.model.Secret;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the server inside this process for "This computer": loopback only, an ephemeral port, its data in the
 * desktop's data directory. The only class of the desktop that uses server code; everything else talks to the
 * server over HTTP, in every mode.
 */
public final class EmbeddedServerLauncher implements AutoCloseable {
    private final Path dataDirectory;
    private final Map<String, String> environment;
    private BulwarkServer server;

    /**
     * @param dataDirectory where the embedded server keeps its database and keys
     * @param environment the settings the server reads from {@code BULWARK_*} variables; {@code System.getenv()}
     *     in the application
     */
    public EmbeddedServerLauncher(Path dataDirectory, Map<String, String> environment) {
        this.dataDirectory = dataDirectory;
        this.environment = Map.copyOf(environment);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Starts the server unless it runs already, and returns its address. Blocks for a second or two.
     *
     * @throws UserFacingException when the server cannot start, for example because another Bulwark process
     *     uses the database
     */
    public synchronized URI start() {
        if (server == null) {
            try {
                server = BulwarkServer.start(ServerSettings.embedded(dataDirectory, environment));
            } catch (StartupException e) {
                throw new UserFacingException(e.getMessage(), e);
            }
        }
        return server.baseUri();
    }

    /** Whether the server runs. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** A fresh one-time setup code while the first administrator is missing; empty otherwise or when stopped. */
    public synchronized Optional<Secret> newSetupCode() {
        return server == null ? Optional.empty() : server.newSetupCode();
    }

    /** Stops the server and closes its database; does nothing when it does not run. */
    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.close();
            } finally {
                server = null;
            }
        }
    }
}
