package dev.bulwark.server;

import dev.bulwark.model.Secret;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.User;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts real servers for tests: real H2 files (or PostgreSQL, see {@link TestDatabase}), real sockets, hashing lowered by configuration. */
public final class TestServers {
    /**
     * The environment every test server runs with: fast hashing, and rate limits high enough to stay out of the
     * way of tests about other things (every test request comes from 127.0.0.1), and no second factor. Tests of
     * the limits and of the second factor set their own. Sign-in providers may be reached over http on 127.0.0.1,
     * where mock-oauth2-server listens.
     */
    public static final Map<String, String> FAST_HASHING = Map.of(
            "BULWARK_PASSWORD_HASH_ITERATIONS", "1000",
            "BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "100000/1m",
            "BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT", "100000/1m",
            "BULWARK_RATE_LIMITS_PUBLIC_PER_IP", "100000/1m",
            "BULWARK_RATE_LIMITS_API_PER_CALLER", "100000/1m",
            "BULWARK_RATE_LIMITS_API_PER_IP", "100000/1m",
            "BULWARK_MFA_ENABLED", "false",
            "BULWARK_OIDC_ALLOW_INSECURE_LOOPBACK", "true");

    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_PASSWORD = "correct horse battery staple 42";

    private TestServers() {}

    /** An embedded server on an ephemeral loopback port with its data in {@code dir}. */
    public static BulwarkServer embedded(Path dir) {
        return embedded(dir, Map.of());
    }

    /** An embedded server with extra environment settings. */
    public static BulwarkServer embedded(Path dir, Map<String, String> environment) {
        return BulwarkServer.start(ServerSettings.embedded(dir, environment(dir, environment)));
    }

    /** An embedded server with extra environment settings whose time is {@code clock}. */
    public static BulwarkServer embedded(Path dir, Map<String, String> environment, java.time.Clock clock) {
        return BulwarkServer.start(ServerSettings.embedded(dir, environment(dir, environment)), clock);
    }

    /**
     * The environment of a test server on {@code dir}: {@link #FAST_HASHING}, the database of {@link TestDatabase},
     * then {@code extra}.
     */
    public static Map<String, String> environment(Path dir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(FAST_HASHING);
        env.putAll(TestDatabase.environmentFor(dir));
        env.putAll(extra);
        return env;
    }

    /** Creates the first administrator through the API. */
    public static User createAdmin(BulwarkServer server) {
        BulwarkClient client = new BulwarkClient(server.baseUri());
        Secret code = server.newSetupCode().orElseThrow();
        return client.setup()
                .createFirstAdmin(new SetupRequest(code, ADMIN_EMAIL, "Ada Admin", Secret.of(ADMIN_PASSWORD)));
    }
}
