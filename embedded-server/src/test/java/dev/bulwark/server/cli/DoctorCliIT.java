package dev.bulwark.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.crypto.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark-server doctor} on a stopped server's data directory, run as a real process. */
class DoctorCliIT {
    private static final Map<String, String> RECOMMENDED_HASHING = Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "600000");

    @TempDir
    Path dir;

    @Test
    void doctor_exitsZeroWhenNothingFails_andTwoWhenTheMasterKeyFileIsShared() throws Exception {
        Path data = dir.resolve("data");
        Path password = Files.writeString(dir.resolve("pw"), TestServers.ADMIN_PASSWORD + "\n");
        ServerProcess.Result init = ServerProcess.run(
                "init",
                "--data-dir",
                data.toString(),
                "--admin-email",
                "ops@example.com",
                "--admin-password-file",
                password.toString());
        assertThat(init.exitCode()).as(init.output()).isZero();
        assertThat(init.output()).containsPattern("SHA-256 fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}");

        ServerProcess.Result healthy =
                ServerProcess.runWith(RECOMMENDED_HASHING, "doctor", "--data-dir", data.toString());
        assertThat(healthy.exitCode()).as(healthy.output()).isZero();
        assertThat(healthy.output())
                .contains("Posture of " + data.toAbsolutePath())
                .contains("[pass] Password hash iterations (hash-iterations)")
                .contains("[warn] Last backup (last-backup)")
                .contains("fix: ");

        Files.setPosixFilePermissions(data.resolve(MasterKey.FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));
        ServerProcess.Result shared =
                ServerProcess.runWith(RECOMMENDED_HASHING, "doctor", "--data-dir", data.toString());
        assertThat(shared.exitCode()).as(shared.output()).isEqualTo(DoctorCommand.CHECK_FAILED);
        assertThat(shared.output()).contains("[fail] Master key source and file permissions (master-key)");
    }

    @Test
    void doctor_failsOnTheTestServersLowHashing() throws Exception {
        Path data = dir.resolve("data");
        assertThat(ServerProcess.run("init", "--data-dir", data.toString()).exitCode())
                .isZero();

        ServerProcess.Result doctor = ServerProcess.run("doctor", "--data-dir", data.toString());

        assertThat(doctor.exitCode()).as(doctor.output()).isEqualTo(DoctorCommand.CHECK_FAILED);
        assertThat(doctor.output()).contains("[fail] Password hash iterations").contains("[warn] First administrator");
    }

    @Test
    void doctor_onADirectoryWithoutADatabase_saysToRunInitFirst() throws Exception {
        ServerProcess.Result doctor =
                ServerProcess.run("doctor", "--data-dir", dir.resolve("none").toString());

        assertThat(doctor.exitCode()).isEqualTo(ServerCli.FAILED);
        assertThat(doctor.output()).contains("Run bulwark-server init");
        assertThat(Files.exists(dir.resolve("none"))).isFalse();
    }

    @Test
    void serve_withoutPlainHttp_listensOverHttpsAndPrintsTheFingerprint() throws Exception {
        Path data = dir.resolve("data");
        try (ServerProcess serve = ServerProcess.start("serve", "--data-dir", data.toString(), "--port", "0")) {
            var base = serve.awaitListening(java.time.Duration.ofSeconds(30));
            assertThat(base.getScheme()).isEqualTo("https");
            assertThat(serve.output()).containsPattern("SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}");
            assertThat(serve.stop()).isIn(0, 143);
        }
    }
}
