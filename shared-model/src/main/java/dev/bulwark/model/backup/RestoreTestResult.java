package dev.bulwark.model.backup;

import java.time.Instant;
import java.util.UUID;

/**
 * What a restore test found: the backup was restored into a temporary directory, checked and deleted again.
 *
 * @param backupId the backup tested
 * @param testedAt when the test ran
 * @param passed whether the backup restored, its audit chain verified and every key set opened
 * @param detail one plain sentence: the counts on success, the reason on failure
 * @param users users in the restored copy
 * @param groups groups in the restored copy
 * @param vaultEntries vault entries in the restored copy
 * @param auditRecords audit records in the restored copy
 * @param durationMillis how long the test took
 */
public record RestoreTestResult(
        UUID backupId,
        Instant testedAt,
        boolean passed,
        String detail,
        long users,
        long groups,
        long vaultEntries,
        long auditRecords,
        long durationMillis) {}
