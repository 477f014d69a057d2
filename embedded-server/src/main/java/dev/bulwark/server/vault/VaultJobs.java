package dev.bulwark.server.vault;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The vault's background work while the server listens: resuming an unfinished key rotation, purging expired
 * trash and recording expiry reminders (each entry at most once a day).
 */
public final class VaultJobs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VaultJobs.class.getName());

    private final VaultService vault;
    private final VaultRotation rotation;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public VaultJobs(VaultService vault, VaultRotation rotation, Duration interval) {
        this.vault = vault;
        this.rotation = rotation;
        this.interval = interval;
    }

    /** Resumes rotation and schedules maintenance, the first run at once. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        rotation.resume();
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("vault-maintenance").factory());
        scheduler.scheduleWithFixedDelay(this::maintain, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void maintain() {
        try {
            int purged = vault.purgeTrash();
            int reminded = vault.remindExpiring();
            if (purged + reminded > 0) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Vault maintenance: {0} entries purged from the trash, {1} expiry reminders",
                        purged,
                        reminded);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Vault maintenance failed; it runs again later", e);
        }
    }

    @Override
    public synchronized void close() {
        rotation.stop();
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }
}
