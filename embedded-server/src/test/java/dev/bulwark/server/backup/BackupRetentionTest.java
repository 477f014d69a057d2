package dev.bulwark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final List<Instant> DAILY = List.of(
            NOW.minus(Duration.ofDays(0)),
            NOW.minus(Duration.ofDays(1)),
            NOW.minus(Duration.ofDays(2)),
            NOW.minus(Duration.ofDays(3)),
            NOW.minus(Duration.ofDays(40)));

    @Test
    void aCount_keepsExactlyThatManyOfTheNewest() {
        assertThat(BackupRetention.parse("3").toRemove(DAILY, NOW)).containsExactly(3, 4);
    }

    @Test
    void anAge_removesEveryBackupOlderThanIt() {
        assertThat(BackupRetention.parse("30d").toRemove(DAILY, NOW)).containsExactly(4);
    }

    @Test
    void aCountAndAnAge_keepOnlyWhatBothAllow() {
        assertThat(BackupRetention.parse("7, 2d").toRemove(DAILY, NOW)).containsExactly(3, 4);
        assertThat(BackupRetention.parse("7, 2d").describe())
                .isEqualTo("Keeps the newest 7 backups, none older than 2 days (never removes the newest).");
    }

    @Test
    void theNewestBackup_isNeverRemoved_whateverItsAge() {
        assertThat(BackupRetention.parse("1h").toRemove(List.of(NOW.minus(Duration.ofDays(9))), NOW))
                .isEmpty();
    }

    @Test
    void aKeepSettingThatIsNeitherCountNorAge_isRefused() {
        assertThatThrownBy(() -> BackupRetention.parse("forever")).hasMessageContaining("a number of backups");
        assertThatThrownBy(() -> BackupRetention.parse("0")).hasMessageContaining("at least 1");
    }
}
