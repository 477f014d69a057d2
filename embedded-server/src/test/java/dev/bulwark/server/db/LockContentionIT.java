package dev.bulwark.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.TestServers;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers queued behind one row lock (the audit head) on the real H2 file: they wait as long as for a pooled
 * connection, and one whose wait runs out is told the server is busy, with nothing written.
 */
class LockContentionIT {
    @TempDir
    Path dir;

    @Test
    void aStatementWaitsTenSecondsForARowLock() {
        try (Database database =
                Database.open(ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of())))) {
            long timeout = new Transactions(database).lookup(c -> {
                try (var s = c.prepareStatement("SELECT LOCK_TIMEOUT()");
                        var r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            });

            assertThat(timeout).isEqualTo(Database.LOCK_WAIT_MILLIS);
        }
    }

    @Test
    void aWriterWhoseLockWaitRunsOut_isToldTheServerIsBusy_andWritesNothing() throws Exception {
        try (Database database =
                Database.open(ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of())))) {
            Transactions tx = new Transactions(database);
            tx.write(c -> c.createStatement().execute("CREATE TABLE contended(id INT PRIMARY KEY, n INT)"));
            tx.write(c -> c.createStatement().execute("INSERT INTO contended VALUES (1, 0)"));
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> tx.write(c -> {
                c.createStatement().execute("UPDATE contended SET n = 1 WHERE id = 1");
                locked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> tx.write(c -> {
                        c.createStatement().execute("INSERT INTO contended VALUES (2, 0)");
                        c.createStatement().execute("SET LOCK_TIMEOUT 200");
                        c.createStatement().execute("UPDATE contended SET n = 2 WHERE id = 1");
                        return null;
                    }))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE))
                    .hasMessageContaining("busy");

            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            long rows = tx.lookup(c -> {
                try (var s = c.prepareStatement("SELECT COUNT(*) FROM contended");
                        var r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertThat(rows).as("the busy writer's insert was rolled back").isEqualTo(1);
        }
    }
}
