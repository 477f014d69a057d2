package dev.bulwark.model.backup;

import java.util.List;

/**
 * The Settings → Backups page: the backups kept, newest first, and how they are made and kept.
 *
 * @param backups the backups in the backup directory, newest first
 * @param directory where backups are written
 * @param schedule the schedule in words, for example {@code daily at 02:00}, or {@code off}
 * @param retention how many or how old backups are kept, in words
 * @param masterKeyNote where the master key is and that it must be kept apart from the backups
 */
public record BackupOverview(
        List<Backup> backups, String directory, String schedule, String retention, String masterKeyNote) {}
