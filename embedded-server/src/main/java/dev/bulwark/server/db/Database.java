package dev.bulwark.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The connection pool and schema of the server's database.
 *
 * <p>The default is an H2 file in the data directory. H2 commits are made durable by {@link GroupCommit}: a
 * write transaction returns only after a {@code CHECKPOINT SYNC} that covers it, shared by every transaction
 * that committed meanwhile (see docs/decisions/0005-durable-h2-commits.md). The schema is migrated by Flyway at
 * start.
 */
public final class Database implements AutoCloseable {
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int H2_FILE_LOCKED = 90098;
    /** How long a statement waits for a row lock, and a request for a pooled connection. */
    static final int LOCK_WAIT_MILLIS = 10_000;

    private final HikariDataSource pool;
    private final HikariDataSource limitsPool;
    private final GroupCommit groupCommit;
    private final String description;
    private final boolean h2;

    private Database(
            HikariDataSource pool,
            HikariDataSource limitsPool,
            GroupCommit groupCommit,
            String description,
            boolean h2) {
        this.pool = pool;
        this.limitsPool = limitsPool;
        this.groupCommit = groupCommit;
        this.description = description;
        this.h2 = h2;
    }

    /** Opens the pool and migrates the schema; fails with a sentence a person can act on. */
    public static Database open(ServerSettings settings) {
        ServerSettings.DatabaseSettings db = settings.database();
        String url = db.url().orElseGet(() -> h2FileUrl(settings.dataDirectory()));
        boolean h2 = url.startsWith("jdbc:h2:");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(db.username());
        config.setPassword(db.password().reveal());
        config.setMaximumPoolSize(db.poolSize());
        config.setMinimumIdle(Math.min(2, db.poolSize()));
        config.setPoolName("bulwark-db");
        config.setAutoCommit(true);
        config.setConnectionTimeout(LOCK_WAIT_MILLIS);
        config.setInitializationFailTimeout(1); // fail at once, e.g. when another process holds the file
        if (!h2) {
            // a batch of audit records becomes one multi-row INSERT instead of one statement per record
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw e.getCause() instanceof SQLException sql
                    ? explain(sql, settings.dataDirectory(), url)
                    : new StartupException("The database could not be opened.", e);
        }
        try {
            String description = describe(pool, url);
            migrate(pool);
            GroupCommit groupCommit = h2 ? GroupCommit.h2(pool) : GroupCommit.none();
            return new Database(pool, h2 ? null : limitsPool(config), groupCommit, description, h2);
        } catch (SQLException e) {
            pool.close();
            throw explain(e, settings.dataDirectory(), url);
        } catch (FlywayException e) {
            pool.close();
            if (e.getCause() instanceof SQLException sql) {
                throw explain(sql, settings.dataDirectory(), url);
            }
            throw new StartupException("The database schema could not be brought up to date: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * A small pool for the rate-limit buckets (PostgreSQL only), whose transactions commit without waiting for the
     * WAL flush ({@code synchronous_commit = off}): a bucket consume is written on every request, and a flush for
     * each would cost a disk sync per request. A crash of PostgreSQL itself can lose the last fraction of a second
     * of consumed tokens, which only lets a client that many more requests through once; lockout counters and
     * everything else stay on the durable pool. See docs/decisions/0037-rate-limits-across-nodes.md.
     */
    private static HikariDataSource limitsPool(HikariConfig main) {
        HikariConfig config = new HikariConfig();
        main.copyStateTo(config);
        config.setPoolName("bulwark-db-limits");
        config.setMaximumPoolSize(Math.max(2, main.getMaximumPoolSize() / 2));
        config.setMinimumIdle(1);
        config.setConnectionInitSql("SET synchronous_commit = off");
        return new HikariDataSource(config);
    }

    static String h2FileUrl(Path dataDirectory) {
        // H2's background writer stays on: it also compacts the file as chunks age. Commits become durable through
        // GroupCommit (flush, drain the writer's queue, fsync); RETENTION_TIME stays at H2's default, since with 0
        // recovery after a crash lost acknowledged commits. See docs/decisions/0005-durable-h2-commits.md.
        // LOCK_TIMEOUT: a write waits for the audit head's row lock behind every writer before it; H2's 2 s can be
        // exceeded on a loaded machine with a full pool, so it waits as long as for a pooled connection.
        return "jdbc:h2:file:" + dataDirectory.resolve("bulwark")
                + ";CACHE_SIZE=65536;QUERY_CACHE_SIZE=256;TRACE_LEVEL_FILE=0;LOCK_TIMEOUT=" + LOCK_WAIT_MILLIS;
    }

    private static String describe(DataSource pool, String url) throws SQLException {
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String version = meta.getDatabaseProductVersion();
            int space = version.indexOf(' ');
            return meta.getDatabaseProductName() + " " + (space > 0 ? version.substring(0, space) : version)
                    + (url.startsWith("jdbc:h2:file:") ? " (file)" : "");
        }
    }

    private static void migrate(DataSource pool) {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    private static StartupException explain(SQLException e, Path dataDirectory, String url) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && (sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN || sql.getErrorCode() == H2_FILE_LOCKED)) {
                return new StartupException("The database in " + dataDirectory
                        + " is in use by another Bulwark process. Stop that process or choose another data directory.");
            }
        }
        String where = url.startsWith("jdbc:h2:file:") ? "in " + dataDirectory : "at the configured URL";
        return new StartupException("The database " + where + " could not be opened: " + firstLine(e) + ".", e);
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int cut = message.indexOf('\n');
        message = cut > 0 ? message.substring(0, cut) : message;
        int bracket = message.indexOf(" [");
        return bracket > 0 ? message.substring(0, bracket) : message;
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Connections for the rate-limit buckets on PostgreSQL: commits that do not wait for the WAL flush (see
     * {@link #limitsPool}); on H2 the buckets live in memory and this is the main pool.
     */
    public DataSource rateLimitDataSource() {
        return limitsPool == null ? pool : limitsPool;
    }

    /** Product and version, for example {@code H2 2.5.252 (file)}. */
    public String description() {
        return description;
    }

    public boolean isH2() {
        return h2;
    }

    GroupCommit groupCommit() {
        return groupCommit;
    }

    /** Whether a connection can be had and answers. */
    public boolean isReady() {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (h2 && !pool.isClosed()) {
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            } catch (SQLException e) {
                // closing anyway: every acknowledged commit was already synced
            }
        }
        if (limitsPool != null) {
            limitsPool.close();
        }
        pool.close();
    }
}
