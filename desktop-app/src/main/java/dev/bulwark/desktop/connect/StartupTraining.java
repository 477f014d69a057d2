package dev.bulwark.desktop.connect;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.setup.SetupRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A short, headless run through "This computer": start the embedded server in a scratch directory, create the
 * first administrator, sign in, read the dashboard's data, sign out, stop. The launcher runs it once after each
 * build with {@code -XX:AOTCacheOutput}, so the JVM records the classes and profiles of that path in an
 * ahead-of-time cache and later starts of the embedded server skip most class loading (decision 0009).
 */
public final class StartupTraining {
    private static final String PASSWORD = "amber lantern quietly folds 7";

    private StartupTraining() {}

    /** Runs the workload; the scratch directory is removed afterwards. */
    public static void run() {
        Path scratch = createScratch();
        // fast hashing: the cache records which classes and methods run, not how long hashing takes
        try (EmbeddedServerLauncher server =
                new EmbeddedServerLauncher(scratch, Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "1000"))) {
            URI uri = server.start();
            BulwarkClient client = new BulwarkClient(uri);
            client.server().info();
            Secret code = server.newSetupCode().orElseThrow();
            client.setup()
                    .createFirstAdmin(
                            new SetupRequest(code, "training@localhost.test", "Training", Secret.of(PASSWORD)));
            client.auth().login(new LoginRequest("training@localhost.test", Secret.of(PASSWORD)));
            client.server().status();
            client.me().get();
            client.auth().refresh();
            client.auth().logout();
        } finally {
            delete(scratch);
        }
    }

    private static Path createScratch() {
        try {
            return Files.createTempDirectory("bulwark-training-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch directory in the temp folder; the system cleans it up eventually
        }
    }
}
