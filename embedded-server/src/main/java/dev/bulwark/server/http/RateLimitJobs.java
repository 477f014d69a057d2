package dev.bulwark.server.http;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes, while the server listens, the rate-limit buckets kept in the database that are full again
 * (docs/decisions/0037-rate-limits-across-nodes.md). Every node runs it; batches skip the rows another node is
 * deleting or a request is using, so nodes neither wait for each other nor slow requests down.
 */
public final class RateLimitJobs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RateLimitJobs.class.getName());

    private final RateLimits limits;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public RateLimitJobs(RateLimits limits, Duration interval) {
        this.limits = limits;
        this.interval = interval;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("rate-limit-cleanup").factory());
        scheduler.scheduleWithFixedDelay(this::clean, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void clean() {
        try {
            int removed = limits.removeExpired();
            if (removed > 0) {
                LOG.log(System.Logger.Level.DEBUG, "Rate limits: {0} buckets that were full again deleted", removed);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The rate-limit bucket clean-up failed; it runs again later", e);
        }
    }

    @Override
    public synchronized void close() {
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
