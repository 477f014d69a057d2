package dev.bulwark.model.backup;

import java.time.Instant;
import java.util.UUID;

/**
 * One encrypted backup the server made and keeps in its backup directory.
 *
 * @param id the backup's id, also written in its signed manifest
 * @param createdAt when its database snapshot was taken
 * @param fileName the file's name in the backup directory (never a path a client chose)
 * @param sizeBytes the file's size
 * @param auditHeadSeq the newest audit record the backup holds
 * @param trigger how it was made: {@code manual}, {@code scheduled} or {@code command-line}
 * @param restoreTest the newest restore test of this backup; {@code null} when it was never tested
 * @param fileMissing the file is no longer in the backup directory (removed by hand, or this server was restored
 *     from a backup onto another disk), so it can neither be tested nor restored from here
 */
public record Backup(
        UUID id,
        Instant createdAt,
        String fileName,
        long sizeBytes,
        long auditHeadSeq,
        String trigger,
        RestoreTestResult restoreTest,
        boolean fileMissing) {
    /** This backup as seen against the files of the backup directory. */
    public Backup withFileMissing(boolean missing) {
        return new Backup(id, createdAt, fileName, sizeBytes, auditHeadSeq, trigger, restoreTest, missing);
    }
}
