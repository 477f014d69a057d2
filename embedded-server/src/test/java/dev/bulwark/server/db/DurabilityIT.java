package dev.bulwark.server.db;

import static dev.bulwark.server.TestServers.ADMIN_EMAIL;
import static dev.bulwark.server.TestServers.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged change survives a crash: writers run from several threads against a real server process, the
 * process is killed with SIGKILL mid-stream, and every change the server acknowledged must be in the database
 * afterwards.
 */
class DurabilityIT {
    @TempDir
    Path dir;

    /** One acknowledged write: returns what to look for in the database, or throws when the server is gone. */
    private interface Write {
        Object next(BulwarkClient client, int writer, int n);
    }

    @Test
    void everyAcknowledgedSignIn_survivesKillMinus9() throws Exception {
        Path data = initialisedDataDirectory();
        Set<Object> acknowledged = writeUntilKilled(data, 4, 200, false, (client, writer, n) -> {
            LoginOutcome outcome = client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
            return ((LoginOutcome.SignedIn) outcome).tokens().sessionId().toString();
        });

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
        assertThat(stored(data, "SELECT CAST(id AS VARCHAR) FROM user_session")).containsAll(acknowledged);
    }

    @Test
    void everyAcknowledgedChange_fromManyWriters_survivesKillMinus9() throws Exception {
        Path data = initialisedDataDirectory();
        Set<Object> acknowledged = writeUntilKilled(data, 16, 600, true, (client, writer, n) -> client.groups()
                .create(new CreateGroupRequest("w" + writer + "-" + n, "written before the crash"))
                .name());

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(600);
        assertThat(stored(data, "SELECT name FROM app_group")).containsAll(acknowledged);
    }

    private Path initialisedDataDirectory() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD + "\n");
        Path data = dir.resolve("data");
        assertThat(ServerProcess.initWithAdmin(data, ADMIN_EMAIL, passwordFile).exitCode())
                .isZero();
        return data;
    }

    private static Set<Object> writeUntilKilled(Path data, int writers, int enoughWrites, boolean signedIn, Write write)
            throws Exception {
        Set<Object> acknowledged = ConcurrentHashMap.newKeySet();
        try (ServerProcess server =
                ServerProcess.start("serve", "--data-dir", data.toString(), "--port", "0", "--plain-http")) {
            URI base = server.awaitListening(Duration.ofSeconds(30));
            BulwarkClient admin = new BulwarkClient(base);
            if (signedIn) {
                admin.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
            }
            CountDownLatch enough = new CountDownLatch(enoughWrites);
            List<Thread> threads = IntStream.range(0, writers)
                    .mapToObj(writer -> Thread.ofPlatform().start(() -> {
                        BulwarkClient client = signedIn ? admin : new BulwarkClient(base);
                        for (int n = 0; n < 10_000; n++) {
                            try {
                                acknowledged.add(write.next(client, writer, n));
                                enough.countDown();
                            } catch (ApiException e) {
                                return; // the server is gone
                            }
                        }
                    }))
                    .toList();
            assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
            server.killHard();
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
        return acknowledged;
    }

    private static Set<Object> stored(Path data, String query) throws Exception {
        Set<Object> values = new HashSet<>();
        try (Connection c = DriverManager.getConnection(Database.h2FileUrl(data), "bulwark", "");
                PreparedStatement s = c.prepareStatement(query);
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }
}
