package dev.bulwark.model.client;

import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.backup.BackupOverview;
import dev.bulwark.model.backup.RestoreTestResult;
import java.time.Duration;
import java.util.UUID;

/** The server's encrypted backups (administrators only). */
public final class BackupsClient {
    /** A backup or restore test of a large trail takes minutes; the server finishes it even if nobody waits. */
    private static final Duration LONG_WORK = Duration.ofMinutes(30);

    private final Transport transport;

    BackupsClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code GET /api/v1/backups}: the backups kept, with their restore-test results, schedule and retention.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code forbidden} unless the caller is an administrator
     */
    public BackupOverview list() {
        return transport.sendAuthenticated("GET", "/api/v1/backups", null, BackupOverview.class);
    }

    /**
     * {@code POST /api/v1/backups}: backs the running server up now into its backup directory.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code forbidden} unless an administrator with SETTINGS
     *     WRITE; {@code backup-failed} when the file could not be written
     */
    public Backup create() {
        return transport.sendAuthenticated("POST", "/api/v1/backups", null, Backup.class, LONG_WORK);
    }

    /**
     * {@code POST /api/v1/backups/{id}/restore-test}: restores the backup into a temporary directory, checks it
     * and deletes the copy; the result is stored and listed.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code not-found} for an unknown backup
     */
    public RestoreTestResult restoreTest(UUID id) {
        return transport.sendAuthenticated(
                "POST", "/api/v1/backups/" + id + "/restore-test", null, RestoreTestResult.class, LONG_WORK);
    }
}
