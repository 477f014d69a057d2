package dev.bulwark.benchmarks.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The throw-away PostgreSQL cluster that {@code benchmarks/run} starts with {@code
 * embedded-server/src/test/sh/postgresql-cluster} and names in {@code BULWARK_BENCH_POSTGRESQL} (the JDBC URL of its
 * {@code postgres} database, superuser {@code postgres} without password, on 127.0.0.1). Each server of a benchmark
 * gets a database of its own. The cluster runs on the same cores as the benchmark, so its processes' CPU time is
 * readable from {@code /proc} and can be counted with the server's.
 */
public final class PostgresqlCluster {
    public static final String URL_VARIABLE = "BULWARK_BENCH_POSTGRESQL";
    private static final String USER = "postgres";
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private final String url;
    private final Path dataDirectory;

    private PostgresqlCluster(String url, Path dataDirectory) {
        this.url = url;
        this.dataDirectory = dataDirectory;
    }

    /** The cluster named by {@value #URL_VARIABLE}; fails with a sentence when it is not set or does not answer. */
    public static PostgresqlCluster fromEnvironment() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("Set " + URL_VARIABLE
                    + " to a throw-away PostgreSQL cluster's JDBC URL (benchmarks/run starts one with --postgresql)");
        }
        if (!url.startsWith("jdbc:postgresql://127.0.0.1:") || url.contains("?")) {
            throw new IllegalStateException(URL_VARIABLE + " must be jdbc:postgresql://127.0.0.1:PORT/postgres");
        }
        try (Connection c = DriverManager.getConnection(url, USER, "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW data_directory")) {
            r.next();
            return new PostgresqlCluster(url, Path.of(r.getString(1)));
        } catch (SQLException e) {
            throw new IllegalStateException("The PostgreSQL cluster at " + url + " does not answer", e);
        }
    }

    /** Creates an empty database named {@code prefix_<random>} and returns its JDBC URL. */
    public String createDatabase(String prefix) {
        String name = prefix + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute(url, "CREATE DATABASE " + name);
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    /** Drops the database at {@code databaseUrl}, closing whatever connections are still open to it. */
    public void dropDatabase(String databaseUrl) {
        execute(
                url,
                "DROP DATABASE IF EXISTS " + databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1) + " WITH (FORCE)");
    }

    /** The settings (as environment variables) that put a server on {@code databaseUrl}. */
    public static Map<String, String> serverEnvironment(String databaseUrl) {
        return Map.of("BULWARK_DATABASE_URL", databaseUrl, "BULWARK_DATABASE_USERNAME", USER);
    }

    /** A superuser connection to {@code databaseUrl}. */
    public static Connection connect(String databaseUrl) throws SQLException {
        return DriverManager.getConnection(databaseUrl, USER, "");
    }

    /** Runs {@code sql} on the cluster's {@code postgres} database. */
    public void execute(String sql) {
        execute(url, sql);
    }

    private static void execute(String databaseUrl, String sql) {
        try (Connection c = connect(databaseUrl);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of {@code sql} on {@code databaseUrl}, as text. */
    public static String queryOne(String databaseUrl, String sql) {
        try (Connection c = connect(databaseUrl);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Transactions committed in {@code databaseUrl}'s database and WAL syncs of the whole cluster so far, from the
     * statistics, which backends report up to a second late: read them after a pause.
     */
    public static long[] commitsAndWalSyncs(String databaseUrl) {
        try (Connection c = connect(databaseUrl);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT xact_commit FROM pg_stat_database"
                        + " WHERE datname = current_database()), (SELECT wal_sync FROM pg_stat_wal)")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the statistics: " + e.getMessage(), e);
        }
    }

    /** Version and the settings that decide what a commit costs, for the report. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("PostgreSQL " + queryOne(url, "SHOW server_version"));
        for (String setting :
                List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers")) {
            parts.add(setting + " " + queryOne(url, "SHOW " + setting));
        }
        return String.join(", ", parts);
    }

    /**
     * CPU time so far of the cluster's processes (the postmaster and its children: the backends serving the
     * server's connections, the WAL writer, checkpointer, autovacuum), in nanoseconds. A process that ended between
     * two readings takes its time with it, so this is a lower bound of what the cluster spent.
     */
    public long cpuNanos() {
        long postmaster = postmasterPid();
        long total = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path p : processes.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                long[] stat = stat(p);
                if (stat != null && (pid == postmaster || stat[0] == postmaster)) {
                    total += onCpuNanos(p, stat);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc", e);
        }
        return total;
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .getFirst()
                    .strip());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the cluster's postmaster.pid in " + dataDirectory, e);
        }
    }

    /** The parent pid, user ticks and system ticks of a process, or null once it has gone. */
    private static long[] stat(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Nanoseconds on a CPU: the scheduler's own count when the kernel keeps one, else the ticks of {@code stat}. */
    private static long onCpuNanos(Path process, long[] stat) {
        try {
            return Long.parseLong(
                    Files.readString(process.resolve("schedstat")).split(" ")[0].strip());
        } catch (IOException | RuntimeException e) {
            return (stat[1] + stat[2]) * NANOS_PER_TICK;
        }
    }
}
