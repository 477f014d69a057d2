package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.crypto.JdbcKeySetRepository;
import dev.bulwark.server.crypto.KeySets;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.db.Transactions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers appending as fast as they can on the real H2 file, without the password hashing that spaces out
 * sign-ins: the head lock alone must keep one gapless, linear chain.
 */
class AuditTrailConcurrencyIT {
    @TempDir
    Path dir;

    @Test
    void writersRacingForTheHead_produceOneGaplessVerifiableChain() throws Exception {
        ServerSettings settings = ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of()));
        try (Database database = Database.open(settings)) {
            Transactions tx = new Transactions(database);
            KeySets keySets = KeySets.load(
                    tx, new JdbcKeySetRepository(), MasterKey.load(Optional.empty(), dir, true), Clock.systemUTC());
            Clock clock = Clock.systemUTC();
            CheckpointKeys keys = CheckpointKeys.load(tx, keySets.serverAead(), clock);
            AuditTrail trail = new AuditTrail(tx, keys, 100, Duration.ofMinutes(10), clock);
            int threads = 8;
            int perThread = 100;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        trail.recordAlone(AuditRecord.of(AuditAction.AUTH_LOGIN_FAILURE, AuditOutcome.DENIED)
                                .anonymous("writer" + writer + "@example.com")
                                .reason("attempt " + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();

            ChainVerification result = new ChainVerifier(tx, keys, clock).verify();

            assertThat(result.intact()).as(result.detail()).isTrue();
            assertThat(result.verifiedUpTo()).isEqualTo(threads * perThread);
            // at 1, 101, ..., 701
            assertThat(result.checkpointsVerified()).isEqualTo(threads * perThread / 100);
        }
    }

    @Test
    void batchedAndInTransactionWriters_withRollbacks_produceOneGaplessChain_andMatchingCounts() throws Exception {
        ServerSettings settings = ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of()));
        try (Database database = Database.open(settings)) {
            Transactions tx = new Transactions(database);
            KeySets keySets = KeySets.load(
                    tx, new JdbcKeySetRepository(), MasterKey.load(Optional.empty(), dir, true), Clock.systemUTC());
            Clock clock = Clock.systemUTC();
            CheckpointKeys keys = CheckpointKeys.load(tx, keySets.serverAead(), clock);
            AuditTrail trail = new AuditTrail(tx, keys, 100, Duration.ofMinutes(10), clock);
            int writers = 32;
            int perWriter = 60;
            AtomicInteger committed = new AtomicInteger();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < writers; t++) {
                    int writer = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            AuditRecord record = AuditRecord.of(AuditAction.AUTH_LOGIN_FAILURE, AuditOutcome.DENIED)
                                    .anonymous("writer" + writer + "@example.com")
                                    .reason("attempt " + i);
                            switch (i % 3) {
                                case 0 -> trail.recordAlone(record);
                                case 1 -> tx.write(c -> trail.record(c, record));
                                default -> {
                                    try {
                                        tx.write(c -> {
                                            trail.record(c, record);
                                            throw new IllegalStateException("the change fails after its record");
                                        });
                                    } catch (IllegalStateException expected) {
                                        continue;
                                    }
                                }
                            }
                            committed.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }

            ChainVerification result = new ChainVerifier(tx, keys, clock).verify();
            long counted = tx.read(c -> {
                try (var s = c.prepareStatement("SELECT SUM(total) FROM audit_minute_count");
                        var r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            });

            assertThat(result.intact()).as(result.detail()).isTrue();
            assertThat(result.verifiedUpTo()).isEqualTo(committed.get()).isEqualTo(writers * perWriter * 2 / 3);
            assertThat(counted).isEqualTo(committed.get());
        }
    }

    @Test
    void concurrentCallersOfRecordAlone_shareTransactions_insteadOfQueueingForOneEach() throws Exception {
        ServerSettings settings = ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of()));
        try (Database database = Database.open(settings)) {
            Transactions tx = new Transactions(database);
            KeySets keySets = KeySets.load(
                    tx, new JdbcKeySetRepository(), MasterKey.load(Optional.empty(), dir, true), Clock.systemUTC());
            Clock clock = Clock.systemUTC();
            CheckpointKeys keys = CheckpointKeys.load(tx, keySets.serverAead(), clock);
            AuditTrail trail = new AuditTrail(tx, keys, 1_000, Duration.ofMinutes(10), clock);
            int writers = 64;
            int perWriter = 30;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < writers; t++) {
                    int writer = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            trail.recordAlone(AuditRecord.of(AuditAction.AUTH_LOGIN_FAILURE, AuditOutcome.DENIED)
                                    .anonymous("writer" + writer + "@example.com")
                                    .reason("attempt " + i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }

            ChainVerification result = new ChainVerifier(tx, keys, clock).verify();

            assertThat(result.intact()).as(result.detail()).isTrue();
            assertThat(result.verifiedUpTo()).isEqualTo(writers * perWriter);
            // Callers whose record another's batch took must not queue for a turn of their own: when they did,
            // PostgreSQL committed about one record per transaction (a disk sync each) under 64 writers.
            assertThat(trail.batchesCommitted()).isPositive().isLessThanOrEqualTo(writers * perWriter / 4);
        }
    }
}
