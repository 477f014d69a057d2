package dev.bulwark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {
    private static final Instant STARTED = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void daily_isDueOnceTheTimeOfDayHasPassedSinceTheNewestBackup() {
        BackupSchedule daily = BackupSchedule.parse("daily 02:00");
        Instant lastNight = Instant.parse("2026-12-06T02:00:30Z");

        assertThat(daily.isDue(lastNight, STARTED, Instant.parse("2026-12-07T01:59:00Z"), ZoneOffset.UTC))
                .isFalse();
        assertThat(daily.isDue(lastNight, STARTED, Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC))
                .isTrue();
        assertThat(daily.describe()).isEqualTo("daily at 02:00 (server time)");
    }

    @Test
    void aMissedDailyBackup_isMadeUpAtOnce_butAServerWithoutBackupsWaitsForItsFirstSlot() {
        BackupSchedule daily = BackupSchedule.parse("daily at 2:00");
        Instant threeDaysAgo = Instant.parse("2026-12-03T02:00:30Z");

        assertThat(daily.isDue(threeDaysAgo, STARTED, STARTED.plusSeconds(60), ZoneOffset.UTC))
                .isTrue();
        assertThat(daily.isDue(null, STARTED, STARTED.plusSeconds(60), ZoneOffset.UTC))
                .isFalse();
        assertThat(daily.isDue(null, STARTED, Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC))
                .isTrue();
    }

    @Test
    void every_isDueOnePeriodAfterTheNewestBackup_andOffIsNeverDue() {
        BackupSchedule every = BackupSchedule.parse("every 6h");

        assertThat(every.isDue(STARTED, STARTED, STARTED.plus(Duration.ofHours(5)), ZoneOffset.UTC))
                .isFalse();
        assertThat(every.isDue(STARTED, STARTED, STARTED.plus(Duration.ofHours(6)), ZoneOffset.UTC))
                .isTrue();
        assertThat(every.period()).contains(Duration.ofHours(6));
        assertThat(BackupSchedule.parse("off").isDue(null, STARTED, STARTED.plus(Duration.ofDays(9)), ZoneOffset.UTC))
                .isFalse();
    }

    @Test
    void anUnreadableSchedule_isRefusedWithTheFormsThatWork() {
        assertThatThrownBy(() -> BackupSchedule.parse("weekly"))
                .hasMessageContaining("daily HH:MM")
                .hasMessageContaining("every 6h");
        assertThatThrownBy(() -> BackupSchedule.parse("daily 25:00")).hasMessageContaining("time of day");
        assertThatThrownBy(() -> BackupSchedule.parse("every 1m")).hasMessageContaining("every 5m");
    }
}
