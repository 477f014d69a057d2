package dev.bulwark.benchmarks.backup;

import dev.bulwark.benchmarks.postgresql.PostgresqlCluster;
import dev.bulwark.benchmarks.vault.VaultSeeder;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.backup.Restorer;
import dev.bulwark.server.cli.ServerCli;
import dev.bulwark.server.http.ClientInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 *
 * <p>With {@code --postgresql} (and {@code BULWARK_BENCH_POSTGRESQL}, as {@code benchmarks/run backup --postgresql}
 * sets it) the same server is then moved onto a PostgreSQL database with {@code migrate-data} (appending a million
 * records through a PostgreSQL node takes far longer, see benchmarks/README.md) and measured again there: {@code
 * pg_dump -Fc} of an exported snapshot streamed into the encrypted file, a restore test into a temporary database,
 * and a restore into a new empty database.
 */
public final class BackupBenchmark {
    private BackupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = intOption(args, "--events", 1_000_000);
        int entries = intOption(args, "--entries", 10_000);
        boolean postgresql = Arrays.asList(args).contains("--postgresql");
        PostgresqlCluster cluster = postgresql ? PostgresqlCluster.fromEnvironment() : null;
        if (cluster != null) {
            report(
                    "conditions: %s; JVM max heap %,d MB",
                    cluster.describe(), Runtime.getRuntime().maxMemory() >> 20);
        }
        Path dir = Files.createTempDirectory("bulwark-backup-bench");
        Path data = dir.resolve("data");
        List<String> databases = new ArrayList<>();
        try {
            Map<String, String> environment =
                    Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "1000", "BULWARK_BACKUP_SCHEDULE", "off");
            ServerSettings settings = ServerSettings.embedded(data, environment);
            BulwarkServer.open(settings).close();
            long t0 = System.nanoTime();
            VaultSeeder.seed(settings, 0, entries);
            report("seed %,d vault entries: %.1f s", entries, secs(t0));
            try (BulwarkServer server = BulwarkServer.open(settings)) {
                t0 = System.nanoTime();
                seed(server.audit().trail(), events, 64);
                report("seed %,d audit events (durable, 64 writers): %.1f s", events, secs(t0));
                report("database file: %,d MB", Files.size(data.resolve("bulwark.mv.db")) / 1_000_000);
                backupAndRestore("H2", server, settings, dir.resolve("h2"), null, databases);
            }
            if (cluster == null) {
                return;
            }
            String database = cluster.createDatabase("bulwark_backup_bench");
            databases.add(database);
            t0 = System.nanoTime();
            int status = ServerCli.run(
                    "migrate-data", "--from", data.toString(), "--to", database, "--to-username", "postgres");
            if (status != 0) {
                throw new IllegalStateException("migrate-data failed with status " + status);
            }
            report("PostgreSQL: the server moved over with migrate-data: %.1f s", secs(t0));
            Map<String, String> onPostgresql = new HashMap<>(environment);
            onPostgresql.putAll(PostgresqlCluster.serverEnvironment(database));
            // the same data directory, which keeps the master key file (README, PostgreSQL)
            ServerSettings pgSettings = ServerSettings.embedded(data, onPostgresql);
            try (BulwarkServer server = BulwarkServer.open(pgSettings)) {
                report(
                        "PostgreSQL: database %s (audit_event with its indexes %s)",
                        PostgresqlCluster.queryOne(
                                database, "SELECT pg_size_pretty(pg_database_size(current_database()))"),
                        PostgresqlCluster.queryOne(
                                database, "SELECT pg_size_pretty(pg_total_relation_size('audit_event'))"));
                backupAndRestore("PostgreSQL", server, pgSettings, dir.resolve("pg"), cluster, databases);
            }
        } finally {
            for (String database : databases) {
                cluster.dropDatabase(database);
            }
            deleteTree(dir);
        }
    }

    /** Backup into {@code work}, restore test, restore into a new data directory (H2) or empty database. */
    private static void backupAndRestore(
            String label,
            BulwarkServer server,
            ServerSettings settings,
            Path work,
            PostgresqlCluster cluster,
            List<String> databases) {
        try {
            Files.createDirectories(work);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        Backup backup = server.backups().createFromCommandLine(Optional.of(work));
        double backupSeconds = secs(t0);
        Path file = work.resolve(backup.fileName());
        report(
                "%s: backup: %.1f s, %,d bytes (%.1f MB) for audit head %,d",
                label, backupSeconds, backup.sizeBytes(), backup.sizeBytes() / 1e6, backup.auditHeadSeq());
        Restorer.KeySource key = Restorer.KeySource.of(settings);
        t0 = System.nanoTime();
        Restorer.Checked checked = Restorer.test(file, work.resolve("scratch"), key, settings, Clock.systemUTC());
        report(
                "%s: restore-test: %.1f s (%,d users, %,d vault entries, %,d audit records; chain verified)",
                label, secs(t0), checked.users(), checked.vaultEntries(), checked.auditRecords());
        t0 = System.nanoTime();
        if (cluster == null) {
            Restorer.restore(file, work.resolve("restored"), key, settings, false, Clock.systemUTC());
            report("%s: restore into a new data directory: %.1f s", label, secs(t0));
        } else {
            String target = cluster.createDatabase("bulwark_backup_restored");
            databases.add(target);
            t0 = System.nanoTime();
            Restorer.restoreToDatabase(
                    file,
                    new Restorer.DatabaseTarget(target, "postgres", Secret.of("")),
                    work.resolve("restored"),
                    key,
                    settings,
                    Clock.systemUTC());
            report("%s: restore into a new empty database: %.1f s", label, secs(t0));
        }
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

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
