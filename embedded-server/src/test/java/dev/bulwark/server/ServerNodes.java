package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Two server processes on one PostgreSQL database, as two nodes of one installation: {@code init} on the first
 * with the test administrator, the second on the same database, both serving plain HTTP on a loopback port. The
 * nodes share a fresh master key through the environment ({@code BULWARK_MASTER_KEY}) and nothing else but the
 * database. Only in the PostgreSQL run ({@link TestDatabase#postgresql()}).
 *
 * @param a the first node
 * @param b the second node
 * @param dataA the first node's data directory (for {@link TestDatabase#connect})
 * @param dataB the second node's data directory
 * @param environment what both nodes were started with, the master key included
 */
public record ServerNodes(ServerProcess a, ServerProcess b, Path dataA, Path dataB, Map<String, String> environment)
        implements AutoCloseable {
    /** Starts both nodes under {@code dir} with {@code settings} (more {@code BULWARK_*} variables) on each. */
    public static ServerNodes start(Path dir, Map<String, String> settings) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("BULWARK_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        Path dataA = dir.resolve("node-a");
        Path dataB = dir.resolve("node-b");
        Path password = Files.writeString(dir.resolve("admin-password"), TestServers.ADMIN_PASSWORD + "\n");
        ServerProcess.Result init = ServerProcess.runWith(
                environment,
                "init",
                "--data-dir",
                dataA.toString(),
                "--admin-email",
                TestServers.ADMIN_EMAIL,
                "--admin-password-file",
                password.toString());
        assertThat(init.exitCode()).as(init.output()).isZero();
        TestDatabase.shareDatabase(dataB, dataA);
        ServerProcess a = serve(environment, dataA);
        ServerProcess b = serve(environment, dataB);
        ServerNodes nodes = new ServerNodes(a, b, dataA, dataB, Map.copyOf(environment));
        nodes.uriA();
        nodes.uriB();
        return nodes;
    }

    private static ServerProcess serve(Map<String, String> environment, Path data) throws Exception {
        return ServerProcess.startWith(
                environment, "serve", "--data-dir", data.toString(), "--port", "0", "--plain-http");
    }

    /**
     * Starts the second node again on its data directory, after {@link #b()} was stopped; the caller closes it.
     */
    public ServerProcess restartB() throws Exception {
        ServerProcess again = serve(environment, dataB);
        again.awaitListening(Duration.ofSeconds(60));
        return again;
    }

    /** Where the first node listens. */
    public URI uriA() throws Exception {
        return a.awaitListening(Duration.ofSeconds(60));
    }

    /** Where the second node listens. */
    public URI uriB() throws Exception {
        return b.awaitListening(Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
        a.close();
        b.close();
    }
}
