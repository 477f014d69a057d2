package dev.bulwark.server.db;

import static dev.bulwark.server.TestServers.ADMIN_EMAIL;
import static dev.bulwark.server.TestServers.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.server.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged change survives a crash: sign-ins (each one writes a session) run from several threads against
 * a real server process, the process is killed with SIGKILL mid-stream, and every session the server
 * acknowledged must be in the database afterwards.
 */
class DurabilityIT {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSignIn_survivesKillMinus9() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD + "\n");
        Path data = dir.resolve("data");
        assertThat(ServerProcess.run(
                                "init",
                                "--data-dir",
                                data.toString(),
                                "--admin-email",
                                ADMIN_EMAIL,
                                "--admin-password-file",
                                passwordFile.toString())
                        .exitCode())
                .isZero();

        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        try (ServerProcess server =
                ServerProcess.start("serve", "--data-dir", data.toString(), "--port", "0", "--plain-http")) {
            URI base = server.awaitListening(Duration.ofSeconds(30));
            CountDownLatch enough = new CountDownLatch(200);
            List<Thread> writers = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> Thread.ofPlatform().start(() -> {
                        BulwarkClient client = new BulwarkClient(base);
                        for (int n = 0; n < 10_000; n++) {
                            try {
                                var outcome =
                                        client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
                                acknowledged.add(((dev.bulwark.model.auth.LoginOutcome.SignedIn) outcome)
                                        .tokens()
                                        .sessionId());
                                enough.countDown();
                            } catch (ApiException e) {
                                return; // the server is gone
                            }
                        }
                    }))
                    .toList();
            assertThat(enough.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            server.killHard();
            for (Thread t : writers) {
                t.join(30_000);
            }
        }

        Set<UUID> stored = storedSessions(data);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
        assertThat(stored).containsAll(acknowledged);
    }

    private static Set<UUID> storedSessions(Path data) throws Exception {
        Set<UUID> ids = new java.util.HashSet<>();
        try (Connection c = DriverManager.getConnection(Database.h2FileUrl(data), "bulwark", "");
                PreparedStatement s = c.prepareStatement("SELECT id FROM user_session");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                ids.add(r.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
