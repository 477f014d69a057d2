package dev.bulwark.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.crypto.MasterKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Backups" walk-through, as real processes: back up, lose the data directory, restore, sign in. */
class BackupCliIT {
    private static final Pattern WRITTEN = Pattern.compile("written to (\\S+) \\(");

    @TempDir
    Path dir;

    @Test
    void backUp_loseTheDataDirectory_restoreWithTheKeptMasterKey_andSignInAgainWithTheChainVerified() throws Exception {
        Path data = dir.resolve("data");
        Path password = Files.writeString(dir.resolve("pw"), TestServers.ADMIN_PASSWORD + "\n");
        assertThat(ServerProcess.initWithAdmin(data, "ops@example.com", password)
                        .exitCode())
                .isZero();
        Path keptKey = dir.resolve("kept-master.key");
        Files.copy(data.resolve(MasterKey.FILE_NAME), keptKey);

        ServerProcess.Result backup =
                ServerProcess.run("backup", "--data-dir", data.toString(), "--to", dir.toString());
        assertThat(backup.exitCode()).as(backup.output()).isZero();
        assertThat(backup.output()).contains("Backups never contain it");
        Matcher m = WRITTEN.matcher(backup.output());
        assertThat(m.find()).as(backup.output()).isTrue();
        Path file = Path.of(m.group(1));

        ServerProcess.Result test =
                ServerProcess.run("restore-test", "--from", file.toString(), "--master-key-file", keptKey.toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("Restore test passed").contains("1 user, 0 groups, 0 vault entries");

        deleteTree(data);
        Path restored = dir.resolve("restored");
        ServerProcess.Result withoutKey =
                ServerProcess.run("restore", "--from", file.toString(), "--data-dir", restored.toString());
        assertThat(withoutKey.exitCode()).isEqualTo(1);
        assertThat(withoutKey.output()).contains("--master-key-file").contains("Backups never contain it");
        assertThat(restored).doesNotExist();

        ServerProcess.Result restore = ServerProcess.run(
                "restore",
                "--from",
                file.toString(),
                "--data-dir",
                restored.toString(),
                "--master-key-file",
                keptKey.toString());
        assertThat(restore.exitCode()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("the audit chain verified and every key set opened");

        try (ServerProcess serve =
                ServerProcess.start("serve", "--data-dir", restored.toString(), "--port", "0", "--plain-http")) {
            URI base = serve.awaitListening(Duration.ofSeconds(30));
            BulwarkClient client = new BulwarkClient(base);
            client.auth().login(new LoginRequest("ops@example.com", Secret.of(TestServers.ADMIN_PASSWORD)));
            assertThat(client.audit().verify().intact()).isTrue();
            assertThat(client.audit()
                            .events(new AuditQuery(
                                    null, null, null, "backup.restore", null, null, null, null, null, 1, null))
                            .events())
                    .hasSize(1);
            assertThat(serve.stop()).isIn(0, 143);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
