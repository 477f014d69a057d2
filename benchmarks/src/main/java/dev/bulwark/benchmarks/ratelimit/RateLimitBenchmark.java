package dev.bulwark.benchmarks.ratelimit;

import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.RateLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the rate limits of one sign-in ({@link RateLimits#checkSignIn}: a consume from the address's bucket
 * and one from the account's) with the buckets in memory (H2, the single-node bundle) and in PostgreSQL (every
 * node on one database; docs/decisions/0037-rate-limits-across-nodes.md). An API request with a bearer token
 * also takes two consumes, one without a token one. {@code postgresql} needs {@code BULWARK_BENCH_POSTGRESQL}, the
 * JDBC URL of a throw-away cluster's database with a superuser {@code postgres} and no password, as {@code
 * benchmarks/run ratelimit} starts it; the database and its pool are the server's own ({@link Database}, migrated
 * by Flyway, ten connections). Limits are set so high that nothing is refused.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RateLimitBenchmark {
    private static final int KEYS = 1000;
    private static final String UNLIMITED = "1000000/1s";

    @Param({"memory", "postgresql"})
    String backend;

    private final ClientInfo[] clients = new ClientInfo[KEYS];
    private final String[] emails = new String[KEYS];
    private Path dataDirectory;
    private Database database;
    private String cluster;
    private String schema;
    private RateLimits limits;

    /** Where each benchmark thread is in the list of keys. */
    @State(Scope.Thread)
    public static class Caller {
        int next = ThreadLocalRandom.current().nextInt(KEYS);
    }

    @Setup
    public void open() throws IOException, SQLException {
        for (int i = 0; i < KEYS; i++) {
            clients[i] = new ClientInfo("2001:db8::" + Integer.toHexString(i), "bench");
            emails[i] = "user" + i + "@example.com";
        }
        dataDirectory = Files.createTempDirectory("bulwark-ratelimit-bench");
        Map<String, String> environment = new HashMap<>(Map.of(
                "BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", UNLIMITED,
                "BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT", UNLIMITED));
        if (backend.equals("postgresql")) {
            cluster = System.getenv("BULWARK_BENCH_POSTGRESQL");
            if (cluster == null || cluster.isBlank()) {
                throw new IllegalStateException(
                        "Set BULWARK_BENCH_POSTGRESQL to a PostgreSQL cluster's JDBC URL (benchmarks/run ratelimit)");
            }
            schema = "bench_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
            execute("CREATE SCHEMA " + schema);
            environment.put(
                    "BULWARK_DATABASE_URL", cluster + (cluster.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            environment.put("BULWARK_DATABASE_USERNAME", "postgres");
        }
        ServerSettings settings = ServerSettings.embedded(dataDirectory, environment);
        if (backend.equals("postgresql")) {
            database = Database.open(settings);
            limits = RateLimits.inPostgresql(
                    settings.rateLimits(), database.rateLimitDataSource(), Clock.systemUTC(), r -> {});
        } else {
            limits = RateLimits.inMemory(settings.rateLimits(), Clock.systemUTC(), r -> {});
        }
    }

    @TearDown
    public void close() throws IOException, SQLException {
        if (database != null) {
            database.close();
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
        Files.deleteIfExists(dataDirectory);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Sign-ins from 1,000 addresses naming 1,000 accounts in turn: rows that are rarely locked by another thread. */
    @Benchmark
    public void signInFromManyAddresses(Caller caller) {
        int i = caller.next;
        caller.next = (i + 1) % KEYS;
        limits.checkSignIn(clients[i], emails[i]);
    }

    /** Every sign-in from one address naming one account: every thread waits for the same two rows. */
    @Benchmark
    public void signInFromOneAddress() {
        limits.checkSignIn(clients[0], emails[0]);
    }
}
