package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures each end in one sentence a person can act on, with nothing half-created. */
class StartupIT {
    @TempDir
    Path dir;

    @Test
    void dataDirectoryThatCannotBeCreated_isNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path impossible = file.resolve("data");

        assertThatThrownBy(() -> TestServers.embedded(impossible))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("The data directory " + impossible + " cannot be created or written");
    }

    @Test
    void portInUse_isExplained() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServerSettings settings = ServerSettings.standalone(
                    dir,
                    Optional.empty(),
                    TestServers.FAST_HASHING,
                    Map.of("server.port", Integer.toString(taken.getLocalPort())),
                    true);

            assertThatThrownBy(() -> BulwarkServer.start(settings))
                    .isInstanceOf(StartupException.class)
                    .hasMessage(
                            "Port " + taken.getLocalPort()
                                    + " on 127.0.0.1 is already in use. Stop the program using it or choose another port with --port.");
        }
        // the database was closed again: the directory can be opened at once
        TestServers.embedded(dir).close();
    }

    @Test
    void databaseHeldByAnotherProcess_isExplained() throws Exception {
        try (ServerProcess other =
                ServerProcess.start("serve", "--data-dir", dir.toString(), "--port", "0", "--plain-http")) {
            other.awaitListening(Duration.ofSeconds(30));

            assertThatThrownBy(() -> TestServers.embedded(dir))
                    .isInstanceOf(StartupException.class)
                    .hasMessage(
                            "The database in " + dir
                                    + " is in use by another Bulwark process. Stop that process or choose another data directory.");
        }
    }

    @Test
    void plainHttpOffLoopback_isRefused() {
        ServerSettings settings = ServerSettings.standalone(
                dir, Optional.empty(), TestServers.FAST_HASHING, Map.of("server.host", "0.0.0.0"), true);

        assertThatThrownBy(() -> BulwarkServer.start(settings))
                .isInstanceOf(StartupException.class)
                .hasMessage("Plain HTTP is only allowed on a loopback address such as 127.0.0.1, not on 0.0.0.0.");
    }

    @Test
    void masterKeyFileReadableByOthers_isRefused() throws Exception {
        TestServers.embedded(dir).close();
        Path key = dir.resolve("master.key");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> TestServers.embedded(dir))
                .isInstanceOf(StartupException.class)
                .hasMessage("The master key file " + key + " can be read by other users. Run: chmod 600 " + key);
    }

    @Test
    void wrongMasterKey_isRefusedAndTheDataIsUntouched() throws Exception {
        TestServers.embedded(dir).close();
        byte[] before = Files.readAllBytes(dir.resolve("master.key"));

        assertThatThrownBy(() -> TestServers.embedded(
                        dir, Map.of("BULWARK_MASTER_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("does not open this server's key set");
        assertThat(Files.readAllBytes(dir.resolve("master.key"))).isEqualTo(before);
        TestServers.embedded(dir).close();
    }

    @Test
    void missingMasterKeyForAnExistingInstallation_isRefused() throws Exception {
        TestServers.embedded(dir).close();
        Files.delete(dir.resolve("master.key"));

        assertThatThrownBy(() -> TestServers.embedded(dir))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("The master key is missing");
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void restart_keepsTheDataAndSkipsSetup() {
        try (BulwarkServer first = TestServers.embedded(dir)) {
            TestServers.createAdmin(first);
        }
        try (BulwarkServer second = TestServers.embedded(dir)) {
            assertThat(second.setup().isSetupRequired()).isFalse();
            assertThat(second.newSetupCode()).isEmpty();
        }
    }
}
