package dev.bulwark.server.backup;

import static dev.bulwark.model.posture.PostureStatus.FAIL;
import static dev.bulwark.model.posture.PostureStatus.PASS;
import static dev.bulwark.model.posture.PostureStatus.WARN;

import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The posture report's "Last backup" and "Last restore test" (PRODUCT §7, §9), from what the server recorded. */
public final class BackupPosture {
    /** Without a schedule, a backup older than this is stale. */
    static final Duration UNSCHEDULED_LIMIT = Duration.ofDays(7);
    /** Time a scheduled backup may take before it counts as late. */
    static final Duration GRACE = Duration.ofHours(1);

    private static final String BACK_UP_NOW = "Back up now (Settings → Backups → Back up now, POST /api/v1/backups, or"
            + " bulwark-server backup on a stopped server) and keep backup.schedule on, for example daily 02:00.";

    private final BackupRepository repository = new BackupRepository();
    private final ServerSettings settings;

    public BackupPosture(ServerSettings settings) {
        this.settings = settings;
    }

    private static PostureCheck check(
            String id, PostureStatus status, String title, String detail, String why, String fix) {
        return new PostureCheck(id, status, title, detail, why, status == PASS ? "" : fix);
    }

    public PostureCheck lastBackup(Connection c, Instant now) throws SQLException {
        String id = "last-backup";
        String title = "Last backup";
        String why = "Without a recent backup a lost disk or a mistaken deletion loses users, vault and audit trail.";
        BackupSchedule schedule = BackupSchedule.parse(settings.backup().schedule());
        Path dir = settings.backup().directoryFor(settings.dataDirectory());
        List<Backup> recorded =
                repository.list(c).stream().map(BackupRepository.Row::backup).toList();
        Optional<Instant> newest = recorded.stream()
                .filter(b -> Files.exists(dir.resolve(b.fileName())))
                .map(Backup::createdAt)
                .max(Instant::compareTo);
        Optional<BackupRepository.Failure> failure = repository.newestFailure(c);
        if (failure.isPresent() && (newest.isEmpty() || failure.get().at().isAfter(newest.get()))) {
            return check(
                    id,
                    FAIL,
                    title,
                    "The last backup attempt, on " + minute(failure.get().at()) + ", failed: "
                            + failure.get().reason(),
                    why,
                    "Fix the cause (space and permissions of " + directory() + "), then " + BACK_UP_NOW);
        }
        if (newest.isEmpty() && !recorded.isEmpty()) {
            return check(
                    id,
                    WARN,
                    title,
                    (recorded.size() == 1
                                    ? "The backup this server recorded is no longer in "
                                    : "None of the " + recorded.size() + " backups this server recorded is still in ")
                            + dir + " (removed, or the server was restored onto another disk).",
                    why,
                    BACK_UP_NOW);
        }
        if (newest.isEmpty()) {
            return check(
                    id,
                    WARN,
                    title,
                    schedule.off()
                            ? "No backup has been made and backup.schedule is off."
                            : "No backup has been made yet; backups run " + schedule.describe() + ".",
                    why,
                    BACK_UP_NOW);
        }
        Duration age = Duration.between(newest.get(), now);
        Duration limit = schedule.period().map(p -> p.plus(GRACE)).orElse(UNSCHEDULED_LIMIT);
        String made = "The newest backup was made on " + minute(newest.get()) + " into " + directory();
        if (age.compareTo(limit) > 0) {
            return check(
                    id,
                    WARN,
                    title,
                    made + ", " + age.toHours() + " hours ago; "
                            + (schedule.off()
                                    ? "backup.schedule is off."
                                    : "the schedule (" + schedule.describe() + ") allows "
                                            + BackupSchedule.words(limit.minus(GRACE)) + "."),
                    why,
                    BACK_UP_NOW);
        }
        if (schedule.off()) {
            return check(
                    id,
                    WARN,
                    title,
                    made + ", but backup.schedule is off: nothing backs up by itself.",
                    why,
                    BACK_UP_NOW);
        }
        return check(id, PASS, title, made + "; backups run " + schedule.describe() + ".", why, "");
    }

    public PostureCheck lastRestoreTest(Connection c, Instant now) throws SQLException {
        String id = "last-restore-test";
        String title = "Last restore test";
        String why = "A backup that was never restored is a hope, not a backup.";
        String fix = "Test a recent backup: Settings → Backups → Test restore, POST /api/v1/backups/{id}/restore-test,"
                + " or bulwark-server restore-test --from FILE. Scheduled backups are tested after each run.";
        Optional<BackupRepository.LastTest> last = repository.lastTest(c);
        if (last.isEmpty()) {
            return check(id, WARN, title, "No backup has been restore-tested.", why, fix);
        }
        var result = last.get().result();
        if (!result.passed()) {
            return check(
                    id,
                    FAIL,
                    title,
                    "The last restore test, on " + minute(result.testedAt()) + ", failed: " + result.detail(),
                    why,
                    "Find out why before relying on the backups; make a new backup and test it. " + fix);
        }
        BackupSchedule schedule = BackupSchedule.parse(settings.backup().schedule());
        Duration recent =
                schedule.period().map(p -> p.multipliedBy(2).plus(GRACE)).orElse(UNSCHEDULED_LIMIT);
        Instant backupAt = last.get().backupCreatedAt();
        String detail = "The backup of " + minute(backupAt) + " was restored and checked on "
                + minute(result.testedAt()) + ": "
                + BackupService.counts(result.users(), result.groups(), result.vaultEntries(), result.auditRecords())
                + ".";
        if (Duration.between(backupAt, now).compareTo(recent) > 0) {
            return check(id, WARN, title, detail + " No newer backup has been tested.", why, fix);
        }
        return check(id, PASS, title, detail, why, "");
    }

    private String directory() {
        return settings.backup().directoryFor(settings.dataDirectory()).toString();
    }

    private static String minute(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
    }
}
