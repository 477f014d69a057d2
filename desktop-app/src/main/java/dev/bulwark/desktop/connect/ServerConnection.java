package dev.bulwark.desktop.connect;

import dev.bulwark.model.Secret;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.server.ServerInfo;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.util.Subscription;

/**
 * A server the console has reached: its client, what it said about itself, and, for "This computer", the
 * embedded server that hands out setup codes.
 */
public final class ServerConnection {
    /** How the embedded server is named on screen. */
    public static final String THIS_COMPUTER = "This computer";

    private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());

    private final BulwarkClient client;
    private final ServerInfo info;
    private final EmbeddedServerLauncher embedded;
    private final CopyOnWriteArrayList<Runnable> sessionEndListeners = new CopyOnWriteArrayList<>();

    private ServerConnection(BulwarkClient client, ServerInfo info, EmbeddedServerLauncher embedded) {
        this.client = client;
        this.info = info;
        this.embedded = embedded;
        client.addSessionListener(session -> {
            if (session.isEmpty()) {
                sessionEndListeners.forEach(Runnable::run);
            }
        });
    }

    /** A connection to the server running inside this process. */
    public static ServerConnection local(BulwarkClient client, ServerInfo info, EmbeddedServerLauncher embedded) {
        return new ServerConnection(client, info, embedded);
    }

    /** A connection to a server on another host. */
    public static ServerConnection remote(BulwarkClient client, ServerInfo info) {
        return new ServerConnection(client, info, null);
    }

    public BulwarkClient client() {
        return client;
    }

    /** What the server said about itself when the console connected. */
    public ServerInfo info() {
        return info;
    }

    /** Whether this is the embedded server of "This computer". */
    public boolean isLocal() {
        return embedded != null;
    }

    /** "This computer", or the remote server's address. */
    public String label() {
        return isLocal() ? THIS_COMPUTER : client.baseUri().toString();
    }

    /**
     * What identifies this server across runs of the console, for what the console remembers about it: the data
     * directory of "This computer" (its address changes with every start), or the remote server's address.
     */
    public String identity() {
        return isLocal()
                ? "this-computer:" + embedded.dataDirectory().toAbsolutePath().normalize()
                : client.baseUri().toString();
    }

    /** The server's address. */
    public String address() {
        return client.baseUri().toString();
    }

    /**
     * A fresh setup code from the embedded server, so the person never types one; always empty for a remote
     * server, whose code was printed by {@code bulwark-server init}.
     */
    public Optional<Secret> newSetupCode() {
        return isLocal() ? embedded.newSetupCode() : Optional.empty();
    }

    /**
     * Calls {@code listener} whenever the signed-in session ends, for whatever reason: sign-out, expiry, or
     * revocation by the server. It may be called on any thread.
     */
    public Subscription onSessionEnded(Runnable listener) {
        sessionEndListeners.add(listener);
        return () -> sessionEndListeners.remove(listener);
    }

    /** Signs out if signed in, ignoring failures: used when the console closes. Blocks. */
    public void signOutQuietly() {
        try {
            client.auth().logout();
        } catch (ApiException e) {
            LOG.log(System.Logger.Level.INFO, "Sign-out on close failed: {0}", e.detail());
        }
    }
}
