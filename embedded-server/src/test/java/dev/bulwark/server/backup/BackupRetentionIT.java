package dev.bulwark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup.keep} and {@code backup.directory} of a real server. */
class BackupRetentionIT {
    @TempDir
    Path dir;

    @Test
    void keepTwo_leavesExactlyTheTwoNewestBackupsListedAndOnDisk() throws Exception {
        Path backups = dir.resolve("elsewhere");
        Map<String, String> env = new HashMap<>(TestServers.FAST_HASHING);
        env.put("BULWARK_BACKUP_KEEP", "2");
        env.put("BULWARK_BACKUP_DIRECTORY", backups.toString());
        try (BulwarkServer server = TestServers.embedded(dir.resolve("data"), env)) {
            TestServers.createAdmin(server);
            BulwarkClient admin = IdentityFixtures.admin(server);

            admin.backups().create();
            Backup second = admin.backups().create();
            Backup third = admin.backups().create();

            List<Backup> listed = admin.backups().list().backups();
            assertThat(listed).extracting(Backup::id).containsExactly(third.id(), second.id());
            try (Stream<Path> files = Files.list(backups)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder(third.fileName(), second.fileName());
            }
            assertThat(admin.backups().list().retention())
                    .isEqualTo("Keeps the newest 2 backups (never removes the newest).");
            assertThat(admin.backups().list().directory()).isEqualTo(backups.toString());
        }
    }

    @Test
    void aBackupThatCannotBeWritten_isRefusedWithTheReason_auditedAsAFailure_andFailsThePostureCheck()
            throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        Map<String, String> env = new HashMap<>(TestServers.FAST_HASHING);
        env.put("BULWARK_BACKUP_DIRECTORY", notADirectory.toString());
        try (BulwarkServer server = TestServers.embedded(dir.resolve("data"), env)) {
            TestServers.createAdmin(server);
            BulwarkClient admin = IdentityFixtures.admin(server);

            ApiException failed = catchThrowableOfType(
                    ApiException.class, () -> admin.backups().create());
            PostureCheck posture = admin.posture().report().checks().stream()
                    .filter(c -> c.id().equals("last-backup"))
                    .findFirst()
                    .orElseThrow();
            AuditEvent event = admin.audit()
                    .events(new AuditQuery(null, null, null, "backup.failure", null, null, null, null, null, 1, null))
                    .events()
                    .getFirst();

            assertThat(failed.type()).isEqualTo(ProblemType.BACKUP_FAILED);
            assertThat(failed.detail())
                    .isEqualTo("The backup could not be written: " + notADirectory + " is not a directory.");
            assertThat(event.outcome().name()).isEqualTo("FAILURE");
            assertThat(event.reason()).isEqualTo(failed.detail());
            assertThat(posture.status()).isEqualTo(PostureStatus.FAIL);
            assertThat(posture.detail()).contains("failed").contains("is not a directory");
        }
    }
}
