package dev.bulwark.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.backup.RestoreTestResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsViewModelTest {
    @TempDir
    Path dataDirectory;

    private final SameThreadRunner runner = new SameThreadRunner();
    private TestServer server;
    private ServerConnection connection;
    private BackupsViewModel backups;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        backups = new BackupsViewModel(
                runner, connection, connection.client().session().orElseThrow().user(), Clock.systemUTC());
        backups.reload();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void reload_showsTheScheduleRetentionAndWhereTheMasterKeyIs_andTestRestoreWaitsForASelection() {
        assertThat(backups.backups()).isEmpty();
        assertThat(backups.scheduleProperty().get()).isEqualTo("Schedule: daily at 02:00 (server time).");
        assertThat(backups.retentionProperty().get())
                .isEqualTo("Keeps the newest 7 backups (never removes the newest).");
        assertThat(backups.masterKeyNoteProperty().get())
                .contains("master.key")
                .contains("keep a copy of it apart from the backups");
        assertThat(backups.backUpBlockedProperty().get()).isEmpty();
        assertThat(backups.testBlockedProperty().get()).isEqualTo(BackupsViewModel.SELECT_ONE);
    }

    @Test
    void backUpNow_thenTestRestore_listsTheBackupWithItsPassedTest() {
        backups.backUpNow();

        assertThat(backups.noticeProperty().get()).startsWith("Backup made: bulwark-");
        assertThat(backups.backups()).hasSize(1);
        backups.selectedProperty().set(backups.backups().getFirst());
        backups.testRestore();

        assertThat(backups.problemProperty().get()).isEmpty();
        assertThat(backups.noticeProperty().get()).startsWith("Restore test passed.");
        Backup listed = backups.backups().getFirst();
        assertThat(listed.restoreTest().passed()).isTrue();
        assertThat(BackupsViewModel.testText(listed.restoreTest()))
                .startsWith("Passed on ")
                .contains("(1 user, 0 vault entries, ");
        assertThat(backups.runningProperty().get()).isFalse();
    }

    @Test
    void aFailedTest_readsAsFailedWithItsReason_andSizesReadAsWords() {
        RestoreTestResult failed = new RestoreTestResult(
                UUID.randomUUID(),
                Instant.parse("2026-12-06T10:15:30Z"),
                false,
                "The file is truncated.",
                0,
                0,
                0,
                0,
                5);

        assertThat(BackupsViewModel.testText(failed))
                .isEqualTo("FAILED on " + BackupsViewModel.TIME.format(failed.testedAt()) + ": The file is truncated.");
        assertThat(BackupsViewModel.testText((RestoreTestResult) null)).isEqualTo("Not tested");
        Backup gone =
                new Backup(failed.backupId(), failed.testedAt(), "bulwark-old.bwbackup", 1, 1, "manual", failed, true);
        assertThat(BackupsViewModel.testText(gone)).isEqualTo("File missing from the backup directory");
        assertThat(BackupsViewModel.size(512)).isEqualTo("512 bytes");
        assertThat(BackupsViewModel.size(3 * 1024 * 1024 + 300_000)).isEqualTo("3.3 MB");
    }
}
