package dev.bulwark.server.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;

/**
 * Runs a background job on one server node at a time: ShedLock's lock rows in {@code job_lock}, held by the node
 * that runs the job and extended while it runs. A node that dies mid-job stops extending its lock, so another node
 * takes the job over within {@link #LEASE} and resumes it from what the database holds
 * (docs/decisions/0040-background-jobs-on-one-node.md). Locks are taken on real time, never on a replayed clock.
 */
public final class JobLocks implements AutoCloseable {
    /**
     * How long a lock outlives the node holding it; while the job runs it is extended to this from now every half of
     * it (ShedLock's keep-alive).
     */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private final ScheduledExecutorService keepAlive;
    private final LockingTaskExecutor executor;
    private final Clock clock = Clock.systemUTC();

    /**
     * Locks in {@code dataSource}'s {@code job_lock} table. {@code onlyNode}: this process is the only one that can
     * open the database (an H2 file), so locks left by a process that was killed are dropped at once instead of
     * waiting out their lease.
     */
    public JobLocks(DataSource dataSource, boolean onlyNode) {
        if (onlyNode) {
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM job_lock");
            } catch (SQLException e) {
                throw new DatabaseException("The background job locks could not be reset", e);
            }
        }
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("job-lock-keep-alive").factory());
        this.executor = new DefaultLockingTaskExecutor(
                new KeepAliveLockProvider(new JdbcLockProvider(dataSource, "job_lock"), keepAlive));
    }

    /**
     * Runs {@code job} unless another node (or another thread here) runs the job of that name now.
     *
     * @return whether it ran
     */
    public boolean runExclusively(String name, Runnable job) {
        boolean[] ran = {false};
        executor.executeWithLock(
                (Runnable) () -> {
                    ran[0] = true;
                    job.run();
                },
                new LockConfiguration(clock.instant(), name, LEASE, Duration.ZERO));
        return ran[0];
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
    }
}
