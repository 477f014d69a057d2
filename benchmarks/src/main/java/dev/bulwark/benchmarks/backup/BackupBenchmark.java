package dev.bulwark.benchmarks.backup;

import dev.bulwark.benchmarks.vault.VaultSeeder;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.backup.Restorer;
import dev.bulwark.server.http.ClientInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backup, restore-test and restore of a large server: N audit events (through the real write path) and M vault
 * entries (seeded into the tables), then the time and size of an encrypted backup, of a restore test (restore into a
 * scratch directory, chain verification, every key set opened) and of a restore into a new data directory.
 */
public final class BackupBenchmark {
    private BackupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = intOption(args, "--events", 1_000_000);
        int entries = intOption(args, "--entries", 10_000);
        Path dir = Files.createTempDirectory("bulwark-backup-bench");
        Path data = dir.resolve("data");
        ServerSettings settings = ServerSettings.embedded(
                data, Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "1000", "BULWARK_BACKUP_SCHEDULE", "off"));
        BulwarkServer.open(settings).close();
        long t0 = System.nanoTime();
        VaultSeeder.seed(settings, 0, entries);
        report("seed %,d vault entries: %.1f s", entries, secs(t0));
        Path file;
        try (BulwarkServer server = BulwarkServer.open(settings)) {
            t0 = System.nanoTime();
            seed(server.audit().trail(), events, 64);
            report("seed %,d audit events (durable, 64 writers): %.1f s", events, secs(t0));
            report("database file: %,d MB", Files.size(data.resolve("bulwark.mv.db")) / 1_000_000);
            t0 = System.nanoTime();
            Backup backup = server.backups().createFromCommandLine(Optional.of(dir));
            double backupSeconds = secs(t0);
            file = dir.resolve(backup.fileName());
            report(
                    "backup: %.1f s, %,d bytes (%.1f MB) for audit head %,d",
                    backupSeconds, backup.sizeBytes(), backup.sizeBytes() / 1e6, backup.auditHeadSeq());
        }
        Restorer.KeySource key = Restorer.KeySource.of(settings);
        t0 = System.nanoTime();
        Restorer.Checked checked = Restorer.test(file, dir.resolve("scratch"), key, settings, Clock.systemUTC());
        report(
                "restore-test: %.1f s (%,d users, %,d vault entries, %,d audit records; chain verified)",
                secs(t0), checked.users(), checked.vaultEntries(), checked.auditRecords());
        t0 = System.nanoTime();
        Restorer.restore(file, dir.resolve("restored"), key, settings, false, Clock.systemUTC());
        report("restore into a new data directory: %.1f s", secs(t0));
        report("scratch and files left in %s (delete it)", dir);
    }

    private static void seed(AuditTrail trail, int events, int writers) throws Exception {
        AtomicLong next = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long seed = w;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (long i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        trail.recordAlone(AuditRecord.of(AuditAction.VAULT_ENTRY_REVEAL, AuditOutcome.SUCCESS)
                                .from(new ClientInfo("10.0.0." + random.nextInt(250), "Bulwark Desktop 1.0"))
                                .authMethod("password")
                                .target("vault-entry", new UUID(seed, i), "entry-" + i)
                                .reason("Benchmark event " + i));
                        if (i > 0 && i % 100_000 == 0) {
                            System.err.printf("[bench]   %,d%n", i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void report(String format, Object... values) {
        System.out.printf("[backup] " + format + "%n", values);
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1].replace("_", ""));
            }
        }
        return fallback;
    }
}
