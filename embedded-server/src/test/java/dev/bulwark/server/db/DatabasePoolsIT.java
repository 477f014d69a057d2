package dev.bulwark.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which commits wait for the disk: every change and its audit record do; on PostgreSQL the rate-limit buckets'
 * consumes do not (docs/decisions/0037-rate-limits-across-nodes.md). Runs on H2 and, in the failsafe execution
 * {@code postgresql}, on PostgreSQL.
 */
class DatabasePoolsIT {
    @TempDir
    Path dir;

    @Test
    void onlyTheRateLimitBuckets_commitWithoutWaitingForTheWalFlush() throws SQLException {
        try (Database database =
                Database.open(ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of())))) {
            if (!TestDatabase.postgresql()) {
                assertThat(database.rateLimitDataSource()).isSameAs(database.dataSource());
                return;
            }
            // the test cluster may run with synchronous_commit off for speed; the main pool keeps what the
            // database is configured with, whatever that is, and only the limits pool turns it off
            String configured = new Transactions(database).lookup(c -> {
                try (var s = c.createStatement();
                        var r = s.executeQuery("SELECT reset_val FROM pg_settings WHERE name = 'synchronous_commit'")) {
                    r.next();
                    return r.getString(1);
                }
            });
            assertThat(synchronousCommit(database.dataSource())).isEqualTo(configured);
            String inWrite = new Transactions(database).write(DatabasePoolsIT::showSynchronousCommit);
            assertThat(inWrite).isEqualTo(configured);
            assertThat(synchronousCommit(database.rateLimitDataSource())).isEqualTo("off");
        }
    }

    private static String synchronousCommit(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return showSynchronousCommit(c);
        }
    }

    private static String showSynchronousCommit(Connection c) throws SQLException {
        try (var s = c.createStatement();
                var r = s.executeQuery("SHOW synchronous_commit")) {
            r.next();
            return r.getString(1);
        }
    }
}
