package dev.bulwark.benchmarks.identity;

import com.sun.management.OperatingSystemMXBean;
import dev.bulwark.benchmarks.postgresql.PostgresqlCluster;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the identity figures of issue "Identity and access" on in-process embedded servers (real H2 files in a
 * temporary directory, real HTTP on 127.0.0.1):
 *
 * <ul>
 *   <li>the CPU a password sign-in costs the whole process, as a ratio to one raw JDK PBKDF2 hash at the same
 *       iterations, alternating rounds in the same JVM so machine noise hits both alike;
 *   <li>the latency of {@code GET /api/v1/users?q=} over 10,000 users, as a loopback client sees it (an upper
 *       bound of the server's own time).
 * </ul>
 */
@Command(
        name = "identity-benchmark",
        mixinStandardHelpOptions = true,
        description = "Sign-in CPU cost and user search latency on an embedded Bulwark server.")
public final class IdentityBenchmark implements Callable<Integer> {
    private static final String ADMIN_EMAIL = "bench-admin@example.com";
    private static final String ADMIN_PASSWORD = "Quarry-lantern-Otter-58-velvet";
    /** Every request comes from 127.0.0.1 as one account: the limits that protect a real server would stop the run. */
    private static final Map<String, String> NO_RATE_LIMITS = Map.of(
            "BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "1000000/1m",
            "BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT", "1000000/1m",
            "BULWARK_RATE_LIMITS_PUBLIC_PER_IP", "1000000/1m",
            "BULWARK_RATE_LIMITS_API_PER_CALLER", "1000000/1m",
            "BULWARK_RATE_LIMITS_API_PER_IP", "1000000/1m");

    @Option(
            names = "--rounds",
            defaultValue = "7",
            description = "alternating measured rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(
            names = "--per-round",
            defaultValue = "8",
            description = "sign-ins and raw hashes per round (default ${DEFAULT-VALUE})")
    int perRound;

    @Option(
            names = "--warmup",
            defaultValue = "120",
            description = "unmeasured sign-ins and raw hashes first, so the JIT has compiled the sign-in path"
                    + " (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--users",
            defaultValue = "10000",
            description = "users seeded for the search figure (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--searches", defaultValue = "2000", description = "measured searches (default ${DEFAULT-VALUE})")
    int searches;

    @Option(
            names = "--compile-sign-ins",
            defaultValue = "10000",
            description = "sign-ins at 1,000 iterations before anything is measured, so the JIT has compiled the"
                    + " sign-in path (default ${DEFAULT-VALUE})")
    int compileSignIns;

    @Option(names = "--skip-sign-in", description = "measure the user search only")
    boolean skipSignIn;

    @Option(
            names = "--postgresql",
            description = "every server on a database of its own in the PostgreSQL cluster named by"
                    + " BULWARK_BENCH_POSTGRESQL; the cluster's CPU counts on both sides of the ratio")
    boolean postgresql;

    private PostgresqlCluster cluster;
    private final List<String> databases = new java.util.ArrayList<>();
    /** The cluster's CPU nanoseconds during the measured sign-ins and raw hashes. */
    private long signInDatabaseCpu;

    private long rawDatabaseCpu;

    private final PrintStream out;
    /** The PostgreSQL cluster's CPU nanoseconds so far, or 0 on H2. */
    private long databaseCpu() {
        return cluster == null ? 0 : cluster.cpuNanos();
    }

    /** The settings of a server on {@code dataDir}: its H2 file, or a new database of the cluster. */
    private ServerSettings settings(Path dataDir, Map<String, String> environment) {
        if (cluster == null) {
            return ServerSettings.embedded(dataDir, environment);
        }
        String database = cluster.createDatabase("bulwark_identity_bench");
        databases.add(database);
        Map<String, String> onPostgresql = new java.util.HashMap<>(environment);
        onPostgresql.putAll(PostgresqlCluster.serverEnvironment(database));
        return ServerSettings.embedded(dataDir, onPostgresql);
    }

    /** Collections, collection milliseconds and compilation milliseconds during measured sign-ins and raw hashes. */
    private final long[] signInJvmWork = new long[3];

    private final long[] rawJvmWork = new long[3];
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    IdentityBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IdentityBenchmark(System.out)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > 50 || perRound < 1 || perRound > 100 || users < 1 || users > 100_000) {
            throw new IllegalArgumentException("--rounds 1-50, --per-round 1-100, --users 1-100000");
        }
        if (postgresql) {
            cluster = PostgresqlCluster.fromEnvironment();
            out.printf("on %s%n", cluster.describe());
        }
        Path dir = Files.createTempDirectory("bulwark-identity-bench");
        try {
            compileTheSignInPath(dir.resolve("warm-up"));
            signInCost(dir.resolve("sign-in"));
            userSearch(dir.resolve("search"));
            return 0;
        } finally {
            deleteTree(dir);
            for (String database : databases) {
                cluster.dropDatabase(database);
            }
        }
    }

    /**
     * Brings the JIT to where a server that has run for a while is: {@code --compile-sign-ins} sign-ins through the
     * same code (HTTP, JSON, H2, tokens, audit) on a server that hashes with 1,000 iterations, so they take
     * milliseconds instead of a fifth of a second each. Without it, compiling the sign-in path goes on through the
     * measured rounds and is counted as sign-in CPU (about 9 ms per sign-in after 400 slow ones).
     */
    private void compileTheSignInPath(Path dataDir) {
        if (skipSignIn || compileSignIns == 0) {
            return;
        }
        Map<String, String> fastHashing = new java.util.HashMap<>(NO_RATE_LIMITS);
        fastHashing.put("BULWARK_PASSWORD_HASH_ITERATIONS", "1000");
        try (BulwarkServer server = BulwarkServer.start(settings(dataDir, fastHashing))) {
            createAdmin(server);
            BulwarkClient client = new BulwarkClient(server.baseUri());
            long start = System.nanoTime();
            for (int i = 0; i < compileSignIns; i++) {
                client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
            }
            out.printf(
                    "warm-up: %,d sign-ins at 1,000 iterations in %.1f s, so the JIT has compiled the sign-in path%n",
                    compileSignIns, (System.nanoTime() - start) / 1e9);
        }
    }

    private void signInCost(Path dataDir) throws GeneralSecurityException {
        if (skipSignIn) {
            return;
        }
        try (BulwarkServer server = BulwarkServer.start(settings(dataDir, NO_RATE_LIMITS))) {
            createAdmin(server);
            int iterations = server.settings().passwords().hashIterations();
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            out.printf("sign-in CPU cost, PBKDF2-HMAC-SHA256 at %,d iterations%n", iterations);
            // warm-up: the JIT compiles the sign-in path (HTTP, JSON, H2, tokens, audit) over many sign-ins; its
            // compiler threads count in the process's CPU, so without this the first rounds pay for compilation
            BulwarkClient client = new BulwarkClient(server.baseUri());
            signIns(client, warmup);
            rawHashes(iterations, salt, warmup);
            Arrays.fill(signInJvmWork, 0);
            Arrays.fill(rawJvmWork, 0);
            signInDatabaseCpu = 0;
            rawDatabaseCpu = 0;
            double[] ratios = new double[rounds];
            double signInTotal = 0;
            double rawTotal = 0;
            Map<String, Long> threadsBefore = cpuByThreadGroup();
            for (int round = 0; round < rounds; round++) {
                double signIn = signIns(client, perRound);
                double raw = rawHashes(iterations, salt, perRound);
                ratios[round] = signIn / raw;
                signInTotal += signIn;
                rawTotal += raw;
                out.printf(
                        "  round %d: sign-in %.1f ms CPU, raw hash %.1f ms CPU, ratio %.3f%n",
                        round + 1, signIn / 1e6, raw / 1e6, ratios[round]);
            }
            Map<String, Long> threadsAfter = cpuByThreadGroup();
            out.println("  CPU by thread over all rounds (sign-ins and raw hashes), ms:");
            threadsAfter.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 1_000_000L)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8)
                    .forEach(e -> out.printf("    %-40s %8.1f%n", e.getKey(), e.getValue() / 1e6));
            out.printf(
                    "  JVM work during the measured rounds: sign-ins %d collections (%d ms), %d ms compiling;"
                            + " raw hashes %d collections (%d ms), %d ms compiling%n",
                    signInJvmWork[0], signInJvmWork[1], signInJvmWork[2], rawJvmWork[0], rawJvmWork[1], rawJvmWork[2]);
            if (cluster != null) {
                out.printf(
                        "  PostgreSQL's processes, counted on both sides: %.2f ms per sign-in, %.2f ms per raw hash"
                                + " (its background work)%n",
                        signInDatabaseCpu / 1e6 / (rounds * perRound), rawDatabaseCpu / 1e6 / (rounds * perRound));
            }
            Arrays.sort(ratios);
            out.printf(
                    "sign-in CPU / raw PBKDF2 CPU: median %.3f, min %.3f, max %.3f; all rounds together %.3f"
                            + " (target <= 1.10)%n",
                    ratios[rounds / 2], ratios[0], ratios[rounds - 1], signInTotal / rawTotal);
            failedSignInTimes(client);
        }
    }

    /**
     * Wall time of a refused sign-in: a known email with a wrong password against an unknown email, alternating.
     * Eight wrong passwords at most in a row, then a right one, so the account never reaches its lockout.
     */
    private void failedSignInTimes(BulwarkClient client) {
        Histogram wrongPassword = new Histogram(10_000_000_000L, 3);
        Histogram unknownEmail = new Histogram(10_000_000_000L, 3);
        // at most 7 × 8 wrong passwords: sign-in.max-failures-per-hour (100) would lock the account otherwise
        for (int round = 0; round < Math.min(rounds, 7); round++) {
            for (int i = 0; i < 8; i++) {
                wrongPassword.recordValue(refusedIn(client, ADMIN_EMAIL));
                unknownEmail.recordValue(refusedIn(client, "nobody-" + round + "-" + i + "@example.com"));
            }
            client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
        }
        out.printf(
                "refused sign-in, wall time: wrong password p50 %.1f ms (p90 %.1f), unknown email p50 %.1f ms (p90 %.1f);"
                        + " ratio of medians %.3f%n",
                wrongPassword.getValueAtPercentile(50) / 1e6,
                wrongPassword.getValueAtPercentile(90) / 1e6,
                unknownEmail.getValueAtPercentile(50) / 1e6,
                unknownEmail.getValueAtPercentile(90) / 1e6,
                (double) wrongPassword.getValueAtPercentile(50) / unknownEmail.getValueAtPercentile(50));
    }

    private static long refusedIn(BulwarkClient client, String email) {
        long start = System.nanoTime();
        try {
            client.auth().login(new LoginRequest(email, Secret.of("not-the-password-at-all")));
            throw new IllegalStateException("a wrong password was accepted");
        } catch (ApiException expected) {
            if (expected.type() != ProblemType.INVALID_CREDENTIALS) {
                throw expected;
            }
        }
        return System.nanoTime() - start;
    }

    /**
     * Mean CPU nanoseconds the server spends on one sign-in over HTTP (its session, tokens, audit record included):
     * the process's CPU less the benchmark client's own threads (the calling thread, which builds and reads the JSON,
     * and the HTTP client's). Collections and compilation stay in, whoever caused them.
     */
    private double signIns(BulwarkClient client, int count) {
        long[] jvmBefore = jvmWork();
        long databaseBefore = databaseCpu();
        long before = os.getProcessCpuTime();
        long clientBefore = clientCpu();
        for (int i = 0; i < count; i++) {
            client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
        }
        long clientSide = clientCpu() - clientBefore;
        long database = databaseCpu() - databaseBefore;
        signInDatabaseCpu += database;
        double cpu = (os.getProcessCpuTime() - before - clientSide + database) / (double) count;
        addJvmWork(signInJvmWork, jvmBefore);
        return cpu;
    }

    /** Collections, their milliseconds and the JIT's compilation milliseconds so far, over the whole JVM. */
    private static long[] jvmWork() {
        long collections = 0;
        long collectionMillis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            collectionMillis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {
            collections,
            collectionMillis,
            ManagementFactory.getCompilationMXBean().getTotalCompilationTime()
        };
    }

    private static void addJvmWork(long[] total, long[] before) {
        long[] now = jvmWork();
        for (int i = 0; i < total.length; i++) {
            total[i] += now[i] - before[i];
        }
    }

    /** CPU nanoseconds so far of the benchmark's client: this thread and the HTTP client's threads. */
    private static long clientCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = threads.getCurrentThreadCpuTime();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("HttpClient-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** CPU nanoseconds so far of the live threads, summed by name with trailing numbers dropped. */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byGroup.merge(info.getThreadName().replaceAll("[-#\\s]*\\d+$", ""), cpu, Long::sum);
            }
        }
        return byGroup;
    }

    /** Mean process CPU nanoseconds of one raw JDK PBKDF2 hash. */
    private double rawHashes(int iterations, byte[] salt, int count) throws GeneralSecurityException {
        SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        long[] jvmBefore = jvmWork();
        long databaseBefore = databaseCpu();
        long before = os.getProcessCpuTime();
        for (int i = 0; i < count; i++) {
            PBEKeySpec spec = new PBEKeySpec(ADMIN_PASSWORD.toCharArray(), salt, iterations, 256);
            factory.generateSecret(spec).getEncoded();
            spec.clearPassword();
        }
        long database = databaseCpu() - databaseBefore;
        rawDatabaseCpu += database;
        double cpu = (os.getProcessCpuTime() - before + database) / (double) count;
        addJvmWork(rawJvmWork, jvmBefore);
        return cpu;
    }

    private void userSearch(Path dataDir) throws IOException, InterruptedException {
        Map<String, String> fastHashing = new java.util.HashMap<>(NO_RATE_LIMITS);
        fastHashing.put("BULWARK_PASSWORD_HASH_ITERATIONS", "1000");
        try (BulwarkServer server = BulwarkServer.start(settings(dataDir, fastHashing))) {
            createAdmin(server);
            BulwarkClient admin = signedIn(server);
            long seedStart = System.nanoTime();
            for (int i = 0; i < users; i++) {
                admin.users()
                        .create(new CreateUserRequest(
                                "user%05d@%s.example.com".formatted(i, DOMAINS[i % DOMAINS.length]),
                                NAMES[i % NAMES.length] + " " + SURNAMES[(i / NAMES.length) % SURNAMES.length],
                                Role.USER,
                                Secret.of("Seed-" + i + "-lantern-quarry-otter"),
                                false));
            }
            out.printf(
                    "%nuser search: seeded %,d users through the API in %.1f s%n",
                    users, (System.nanoTime() - seedStart) / 1e9);
            String token = admin.session().orElseThrow().accessToken().reveal();
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> queries =
                    List.of("user0", "user12", "user0999", "ada", "lovelace", "grace h", "ker", "example", "zz-none");
            for (int i = 0; i < 200; i++) {
                search(http, server.baseUri(), token, queries.get(i % queries.size()));
            }
            Histogram all = new Histogram(10_000_000_000L, 3);
            for (String q : queries) {
                Histogram one = new Histogram(10_000_000_000L, 3);
                for (int i = 0; i < searches / queries.size(); i++) {
                    long start = System.nanoTime();
                    search(http, server.baseUri(), token, q);
                    long elapsed = System.nanoTime() - start;
                    one.recordValue(elapsed);
                    all.recordValue(elapsed);
                }
                out.printf(
                        "  q=%-10s p50 %.2f ms, p95 %.2f ms, max %.2f ms%n",
                        "'" + q + "'",
                        one.getValueAtPercentile(50) / 1e6,
                        one.getValueAtPercentile(95) / 1e6,
                        one.getMaxValue() / 1e6);
            }
            out.printf(
                    "GET /api/v1/users?q= over %,d users (%,d requests): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (target p95 <= 10 ms)%n",
                    users,
                    all.getTotalCount(),
                    all.getValueAtPercentile(50) / 1e6,
                    all.getValueAtPercentile(95) / 1e6,
                    all.getValueAtPercentile(99) / 1e6);
        }
    }

    private static void search(HttpClient http, URI base, String token, String q)
            throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/users?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("user search answered " + response.statusCode());
        }
    }

    private static void createAdmin(BulwarkServer server) {
        Secret code = server.newSetupCode().orElseThrow();
        new BulwarkClient(server.baseUri())
                .setup()
                .createFirstAdmin(new SetupRequest(code, ADMIN_EMAIL, "Bench Admin", Secret.of(ADMIN_PASSWORD)));
    }

    private static BulwarkClient signedIn(BulwarkServer server) {
        BulwarkClient client = new BulwarkClient(server.baseUri());
        client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
        return client;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static final String[] DOMAINS = {"acme", "globex", "initech", "umbrella", "hooli"};
    private static final String[] NAMES = {
        "Ada", "Grace", "Alan", "Barbara", "Edsger", "Donald", "Margaret", "Ken", "Dennis", "Frances", "John", "Radia"
    };
    private static final String[] SURNAMES = {
        "Lovelace",
        "Hopper",
        "Turing",
        "Liskov",
        "Dijkstra",
        "Knuth",
        "Hamilton",
        "Thompson",
        "Ritchie",
        "Allen",
        "Backus",
        "Perlman",
        "Baker",
        "Walker",
        "Parker"
    };
}
