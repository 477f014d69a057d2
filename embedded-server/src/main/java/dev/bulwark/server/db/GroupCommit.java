package dev.bulwark.server.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Makes committed transactions durable, sharing one disk sync among every transaction that committed while the
 * previous sync ran.
 *
 * <p>A writer calls {@link #awaitDurable()} after its commit. It takes a ticket; whoever holds the lock syncs
 * everything committed up to the newest ticket, so one flush and one fsync cover a whole group of writers. A writer
 * returns once a sync that started after its commit has finished.
 */
public abstract sealed class GroupCommit {
    /** Waits until every transaction committed by the calling thread is on disk. */
    public abstract void awaitDurable() throws SQLException;

    static GroupCommit h2(DataSource dataSource) {
        return new H2FlushAndSync(dataSource);
    }

    static GroupCommit none() {
        return new AlreadyDurable();
    }

    /** For databases whose commit is durable by itself (PostgreSQL with synchronous commit). */
    private static final class AlreadyDurable extends GroupCommit {
        @Override
        public void awaitDurable() {}
    }

    /**
     * H2 commits in memory and leaves writing to its background writer. The leader of a group writes every change
     * committed so far ({@code MVStore.commit()}, which waits for its own chunk), then waits until whatever the
     * background writer had queued is written too and syncs the file — in that order, so no acknowledged commit can
     * sit in a write queue while the sync runs. See docs/decisions/0005-durable-h2-commits.md.
     */
    private static final class H2FlushAndSync extends GroupCommit {
        private final DataSource dataSource;
        private final AtomicLong committed = new AtomicLong();
        private final ReentrantLock lock = new ReentrantLock();
        private long synced;

        H2FlushAndSync(DataSource dataSource) {
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
                try (Connection c = dataSource.getConnection()) {
                    MVStore store = storeOf(c);
                    store.commit();
                    if (store.getFileStore() != null) {
                        store.executeFilestoreOperation(store::sync);
                    }
                }
                synced = upTo;
            } finally {
                lock.unlock();
            }
        }

        private static MVStore storeOf(Connection c) throws SQLException {
            SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getStore().getMvStore();
        }
    }
}
