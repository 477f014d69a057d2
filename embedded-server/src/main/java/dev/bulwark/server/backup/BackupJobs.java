package dev.bulwark.server.backup;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Checks once a minute, while the server listens, whether a scheduled backup is due. */
public final class BackupJobs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackupJobs.class.getName());

    private final BackupService backups;
    private ScheduledExecutorService scheduler;

    public BackupJobs(BackupService backups) {
        this.backups = backups;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("backup-schedule").factory());
        scheduler.scheduleWithFixedDelay(this::run, 1, 60, TimeUnit.SECONDS);
    }

    private void run() {
        try {
            backups.runScheduledIfDue();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The backup schedule check failed; it runs again in a minute", e);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }
}
