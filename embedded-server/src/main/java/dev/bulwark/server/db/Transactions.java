package dev.bulwark.server.db;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in a database transaction. A write transaction commits, then waits until the commit is on disk, so
 * whatever a client is told has happened survives a crash; any exception rolls everything back.
 */
public final class Transactions {
    /** Work against an open connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final GroupCommit groupCommit;

    public Transactions(Database database) {
        this.dataSource = database.dataSource();
        this.groupCommit = database.groupCommit();
    }

    /** Runs {@code work} in a transaction that may change data; returns once the change is durable. */
    public <T> T write(Work<T> work) {
        T result = inTransaction(work, false);
        try {
            groupCommit.awaitDurable();
        } catch (SQLException e) {
            throw new DatabaseException("The change was committed but could not be synced to disk", e);
        }
        return result;
    }

    /**
     * Runs {@code work} in a transaction that may change data and returns once it is committed, before it is
     * durable: the caller must {@link #awaitDurable()} before anyone learns of the change. For a writer that
     * lets the next transaction proceed while this one is synced.
     */
    public <T> T writeCommitted(Work<T> work) {
        return inTransaction(work, false);
    }

    /** Waits until every transaction this thread committed is durable. */
    public void awaitDurable() {
        try {
            groupCommit.awaitDurable();
        } catch (SQLException e) {
            throw new DatabaseException("The change was committed but could not be synced to disk", e);
        }
    }

    /**
     * Runs read-only {@code work} on a connection in auto-commit mode: each statement sees the latest committed
     * data, and there is no transaction to open, mark read-only and close again. For the short lookups every
     * request makes (who is calling), where those steps cost more than the lookup; work that needs one consistent
     * view of several statements uses {@link #read}.
     */
    public <T> T lookup(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException("A database lookup failed", e);
        }
    }

    /** Runs {@code work} in a read-only transaction. */
    public <T> T read(Work<T> work) {
        return inTransaction(work, true);
    }

    private <T> T inTransaction(Work<T> work, boolean readOnly) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(readOnly);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (isContention(e)) {
                throw ApiException.of(ProblemType.SERVICE_UNAVAILABLE, "The server is busy. Try again in a moment.");
            }
            throw new DatabaseException("A database operation failed", e);
        }
    }

    /**
     * A lock wait that ran out or a deadlock: nothing was written (the transaction was rolled back) and the same
     * request can succeed a moment later, so the caller is told the server is busy rather than that it failed.
     */
    private static boolean isContention(SQLException e) {
        String state = e.getSQLState();
        return "HYT00".equals(state) // H2: lock timeout
                || "40001".equals(state) // H2 and PostgreSQL: deadlock or serialization failure
                || "55P03".equals(state); // PostgreSQL: lock not available
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
