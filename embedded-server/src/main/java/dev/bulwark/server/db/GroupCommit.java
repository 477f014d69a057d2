package dev.bulwark.server.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Makes committed transactions durable, sharing one disk sync among every transaction that committed while the
 * previous sync ran.
 *
 * <p>A writer calls {@link #awaitDurable()} after its commit. It takes a ticket; whoever holds the lock syncs
 * everything committed up to the newest ticket, so one {@code CHECKPOINT SYNC} covers a whole group of writers.
 * A writer returns once a sync that started after its commit has finished.
 */
public abstract sealed class GroupCommit {
    /** Waits until every transaction committed by the calling thread is on disk. */
    public abstract void awaitDurable() throws SQLException;

    static GroupCommit h2(DataSource dataSource) {
        return new Checkpointing(dataSource);
    }

    static GroupCommit none() {
        return new AlreadyDurable();
    }

    /** For databases whose commit is durable by itself (PostgreSQL with synchronous commit). */
    private static final class AlreadyDurable extends GroupCommit {
        @Override
        public void awaitDurable() {}
    }

    private static final class Checkpointing extends GroupCommit {
        private final DataSource dataSource;
        private final AtomicLong committed = new AtomicLong();
        private final ReentrantLock lock = new ReentrantLock();
        private long synced;

        Checkpointing(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void awaitDurable() throws SQLException {
            long ticket = committed.incrementAndGet();
            lock.lock();
            try {
                if (synced >= ticket) {
                    return;
                }
                long upTo = committed.get();
                try (Connection c = dataSource.getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
                synced = upTo;
            } finally {
                lock.unlock();
            }
        }
    }
}
