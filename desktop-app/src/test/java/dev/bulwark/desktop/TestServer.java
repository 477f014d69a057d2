package dev.bulwark.desktop;

import dev.bulwark.desktop.connect.EmbeddedServerLauncher;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.setup.SetupRequest;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real embedded server in a test's temporary directory, with password hashing lowered by configuration (never
 * by a code path production lacks), and the people the tests sign in as.
 */
public final class TestServer implements AutoCloseable {
    /** The settings every test server runs with. */
    public static final Map<String, String> ENVIRONMENT = Map.of(
            "BULWARK_PASSWORD_HASH_ITERATIONS",
            "1000",
            "BULWARK_MFA_ENABLED",
            "false",
            "BULWARK_OIDC_ALLOW_INSECURE_LOOPBACK",
            "true");

    public static final String ADMIN_EMAIL = "ada@example.com";
    public static final String ADMIN_NAME = "Ada Lovelace";
    public static final String ADMIN_PASSWORD = "Harbour-lantern-47-quietly";
    public static final String OTHER_PASSWORD = "Copper-meadow-92-slowly";

    private final EmbeddedServerLauncher launcher;

    public TestServer(Path dataDirectory) {
        this(dataDirectory, Map.of());
    }

    /** A server with {@code settings} on top of {@link #ENVIRONMENT}, for tests of a setting. */
    public TestServer(Path dataDirectory, Map<String, String> settings) {
        this.launcher = new EmbeddedServerLauncher(dataDirectory, withEnvironment(settings));
    }

    /** {@link #ENVIRONMENT} with {@code settings} on top. */
    public static Map<String, String> withEnvironment(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(ENVIRONMENT);
        all.putAll(settings);
        return Map.copyOf(all);
    }

    /** The settings of a console whose "This computer" runs in {@code dataDirectory}. */
    public static DesktopSettings desktopSettings(Path dataDirectory) {
        return new DesktopSettings(dataDirectory, ENVIRONMENT);
    }

    /** Creates the first administrator in {@code dataDirectory} and stops the server again. */
    public static void withAdmin(Path dataDirectory) {
        try (TestServer server = new TestServer(dataDirectory)) {
            server.connectWithAdmin();
        }
    }

    public EmbeddedServerLauncher launcher() {
        return launcher;
    }

    /** Starts the server and connects to it, as "This computer" does. */
    public ServerConnection connect() {
        BulwarkClient client = new BulwarkClient(launcher.start());
        return ServerConnection.local(client, client.server().info(), launcher);
    }

    /** Connects and creates the first administrator ({@link #ADMIN_EMAIL}, {@link #ADMIN_PASSWORD}). */
    public ServerConnection connectWithAdmin() {
        ServerConnection connection = connect();
        Secret code = connection.newSetupCode().orElseThrow();
        connection
                .client()
                .setup()
                .createFirstAdmin(new SetupRequest(code, ADMIN_EMAIL, ADMIN_NAME, Secret.of(ADMIN_PASSWORD)));
        return connect();
    }

    /** Connects, creates the administrator and signs in as them. */
    public ServerConnection signedInAsAdmin() {
        ServerConnection connection = connectWithAdmin();
        connection.client().auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
        return connection;
    }

    @Override
    public void close() {
        launcher.close();
    }
}
