package dev.bulwark.server.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's periodic background jobs while it listens. Each job has a thread of its own, so a long one (a
 * backup) never delays another, and runs under its {@link JobLocks} lock, so with several nodes it runs on one of
 * them at a time. A job that fails is logged and runs again at its next turn.
 */
public final class ScheduledJobs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ScheduledJobs.class.getName());

    private record Job(String name, Duration firstDelay, Duration period, Runnable task) {}

    private final JobLocks locks;
    private final List<Job> jobs = new ArrayList<>();
    private final List<ScheduledExecutorService> running = new ArrayList<>();

    public ScheduledJobs(JobLocks locks) {
        this.locks = locks;
    }

    /** Adds a job run every {@code period} after the previous run ends, the first after {@code firstDelay}. */
    public synchronized ScheduledJobs every(String name, Duration firstDelay, Duration period, Runnable task) {
        jobs.add(new Job(name, firstDelay, period, task));
        return this;
    }

    /** Starts every job added; does nothing when already started. */
    public synchronized void start() {
        if (!running.isEmpty()) {
            return;
        }
        for (Job job : jobs) {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("job-" + job.name()).factory());
            scheduler.scheduleWithFixedDelay(
                    () -> run(job), job.firstDelay().toMillis(), job.period().toMillis(), TimeUnit.MILLISECONDS);
            running.add(scheduler);
        }
    }

    private void run(Job job) {
        try {
            locks.runExclusively(job.name(), job.task());
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "The background job " + job.name() + " failed; it runs again later",
                    e);
        } catch (Error e) {
            // The executor would drop the job without a word; say so, then let the error end it.
            LOG.log(
                    System.Logger.Level.ERROR,
                    "The background job " + job.name() + " stopped on an error; it runs again after a restart",
                    e);
            throw e;
        }
    }

    /** Stops every job, waiting up to 30 seconds for runs in progress. */
    @Override
    public synchronized void close() {
        running.forEach(ScheduledExecutorService::shutdownNow);
        for (ScheduledExecutorService scheduler : running) {
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
