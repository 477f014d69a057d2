package dev.bulwark.benchmarks.audit;

import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.benchmarks.postgresql.PostgresqlCluster;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.audit.BundleVerifier;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.cli.ServerCli;
import dev.bulwark.server.http.ClientInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Seeds an audit trail of N events through the real write path ({@link AuditTrail#recordAlone} from concurrent
 * writers, replayed over 60 days with the server's clock seam), then measures ingest, the events query, the
 * histogram, full verification and export on the running embedded server over loopback HTTP.
 */
public final class AuditBenchmark {
    private static final String ADMIN_EMAIL = "bench-admin@example.com";
    private static final String ADMIN_PASSWORD = "Quarry-lantern-Otter-58-velvet";
    private static final Duration HISTORY = Duration.ofDays(60);
    private static final AuditAction[] ACTIONS = {
        AuditAction.AUTH_LOGIN_SUCCESS, AuditAction.AUTH_LOGIN_SUCCESS, AuditAction.AUTH_LOGIN_SUCCESS,
        AuditAction.AUTH_LOGOUT, AuditAction.AUTH_LOGIN_FAILURE, AuditAction.USER_UPDATE,
        AuditAction.USER_CREATE, AuditAction.GROUP_MEMBER_ADD, AuditAction.PERMISSION_DENIED,
        AuditAction.SESSION_END, AuditAction.USER_PASSWORD_CHANGE, AuditAction.GROUP_UPDATE
    };

    private static final UUID[] TARGETS =
            java.util.stream.Stream.generate(UUID::randomUUID).limit(2_000).toArray(UUID[]::new);

    private AuditBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = intOption(args, "--events", 1_000_000);
        int writers = intOption(args, "--writers", 64);
        int reps = intOption(args, "--reps", 300);
        int liveEvents = intOption(args, "--ingest", 100_000);
        boolean dashboardOnly = java.util.Arrays.asList(args).contains("--dashboard-only");
        if (java.util.Arrays.asList(args).contains("--postgresql")) {
            hosted(events, writers, reps, liveEvents, Arrays.asList(args).contains("--seed-through-writes"));
            return;
        }
        Path dir = Files.createTempDirectory("bulwark-audit-bench");
        ReplayClock clock = new ReplayClock();
        ServerSettings settings = ServerSettings.embedded(dir, FAST_HASHING);
        try (BulwarkServer server = BulwarkServer.open(settings, clock).listen()) {
            Users users = new Users();
            Instant end = Instant.now();
            long stepMicros = HISTORY.toNanos() / 1_000 / events;
            clock.replay(end.minus(HISTORY), stepMicros);
            Ingest seeding = ingest(server.audit().trail(), users, events, writers);
            clock.stopReplay();
            // 60 days of 10-minute checkpoints fall into this run: one every events / 8,640 records
            report("seeding (replayed clock)", "%s", seeding);
            // Sustained ingest at the real clock: checkpoints every 1,000 records, as a busy server writes them.
            Ingest live = ingest(server.audit().trail(), users, liveEvents, writers);
            report("ingest (real clock, on top of the seeded trail)", "%s", live);
            // H2 compacts its file as it runs (decision 0005): the file stays near the size of its data
            report(
                    "database file",
                    "%,d MB after %,d records, while the server runs",
                    Files.size(dir.resolve("bulwark.mv.db")) / 1_000_000,
                    events + liveEvents);

            User adminUser = createAdmin(server);
            BulwarkClient admin = signIn(server);
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String token = admin.session().orElseThrow().accessToken().reveal();
            URI base = server.baseUri();
            String month =
                    "from=" + enc(Instant.now().minus(Duration.ofDays(30)).toString());
            measureDashboard(http, base, token, reps);
            if (dashboardOnly) {
                return;
            }
            measureEvents("", server, adminUser, http, base, token, reps, users);
            measure(
                    http,
                    base,
                    token,
                    Math.max(20, reps / 5),
                    "histogram: 30 days, no filter (server's bucket)",
                    "/api/v1/audit/histogram?" + month);
            measure(
                    http,
                    base,
                    token,
                    Math.max(20, reps / 5),
                    "histogram: 30 days, action filter",
                    "/api/v1/audit/histogram?" + month + "&action=auth.login.failure");
            measure(
                    http,
                    base,
                    token,
                    Math.max(10, reps / 20),
                    "histogram: 30 days, heavy actor (per-user summary)",
                    "/api/v1/audit/histogram?" + month + "&actor=" + users.heavy.id());

            long verifyStart = System.nanoTime();
            ChainVerification verification = server.audit().verifyLocally();
            report(
                    "verify",
                    "%s in %.1f s (%d checkpoints)",
                    verification.detail(),
                    (System.nanoTime() - verifyStart) / 1e9,
                    verification.checkpointsVerified());

            for (AuditExportFormat format : AuditExportFormat.values()) {
                Path file = dir.resolve("export." + format.code());
                HeapWatch heap = new HeapWatch();
                long exportStart = System.nanoTime();
                long written = admin.audit().export(AuditQuery.all(), format, file, n -> {}, () -> false);
                double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
                heap.stop();
                report(
                        "export " + format.code(),
                        "%,d events, %,d MB in %.1f s; old-generation heap after GC: %s",
                        written,
                        Files.size(file) / 1_000_000,
                        exportSeconds,
                        heap);
                if (format == AuditExportFormat.BUNDLE) {
                    long offlineStart = System.nanoTime();
                    // against the server's published keys, as an auditor verifies: the origin is then proven too
                    BundleVerifier.Trust trusted = new BundleVerifier.Trust(
                            Optional.of(JWKSet.parse(admin.audit().checkpoints().keys())), Set.of());
                    BundleVerifier.Result offline = new BundleVerifier().verify(file, trusted);
                    report("verify-export", "%s in %.1f s", offline.detail(), (System.nanoTime() - offlineStart) / 1e9);
                }
                Files.delete(file);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Hosted mode side by side with the single-node bundle, in one run: a trail of {@code events} records replayed
     * over 60 days through the real write path on an H2 file, and the same trail on a PostgreSQL database (moved
     * over with {@code migrate-data}, or with {@code --seed-through-writes} appended through a PostgreSQL node);
     * the events queries on each at that size; then durable ingest at the real clock, alternating H2, one
     * PostgreSQL node and two nodes on the same database (an H2 file belongs to one process); and last each whole
     * chain verified. The two nodes are two server instances in this JVM, each with its own connection pool and
     * writer queue, sharing only the database and the master key, as two processes behind a proxy do.
     */
    private static void hosted(int events, int writers, int reps, int liveEvents, boolean seedThroughWrites)
            throws Exception {
        PostgresqlCluster cluster = PostgresqlCluster.fromEnvironment();
        report(
                "conditions",
                "%s; JVM max heap %,d MB, %d cores",
                cluster.describe(),
                Runtime.getRuntime().maxMemory() / 1_000_000,
                Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("bulwark-audit-hosted");
        String database = cluster.createDatabase("bulwark_audit_bench");
        try {
            Users users = new Users();
            Path h2Data = dir.resolve("h2");
            ServerSettings h2 = ServerSettings.embedded(h2Data, FAST_HASHING);
            ReplayClock clock = new ReplayClock();
            User adminUser;
            try (BulwarkServer server = BulwarkServer.open(h2, clock).listen()) {
                seedReplayed("H2", server, clock, users, events, writers, null, null);
                adminUser = queries("H2", server, users, reps, null);
            }
            // every node of one installation gets the master key from its environment (README, PostgreSQL); here
            // the H2 server's, which made the key sets that migrate-data moves
            Map<String, String> environment = new HashMap<>(FAST_HASHING);
            environment.putAll(PostgresqlCluster.serverEnvironment(database));
            environment.put(
                    "BULWARK_MASTER_KEY",
                    Files.readString(h2Data.resolve("master.key")).strip());
            ReplayClock pgClock = new ReplayClock();
            if (!seedThroughWrites) {
                // appending 1M records through one PostgreSQL node takes too long as the server stands (one record
                // per transaction, see benchmarks/README.md), so the same trail moves over by the product's own
                // route: migrate-data copies every table in one transaction and verifies the chain on both sides
                long start = System.nanoTime();
                int status = ServerCli.run(
                        "migrate-data", "--from", h2Data.toString(), "--to", database, "--to-username", "postgres");
                if (status != 0) {
                    throw new IllegalStateException("migrate-data failed with status " + status);
                }
                report(
                        "PostgreSQL: the H2 trail moved over with migrate-data",
                        "%,d records in %.1f s (verified on H2, copied, verified on PostgreSQL)",
                        events,
                        (System.nanoTime() - start) / 1e9);
            }
            try (BulwarkServer a = BulwarkServer.open(
                                    ServerSettings.embedded(dir.resolve("node-a"), environment), pgClock)
                            .listen();
                    BulwarkServer b = BulwarkServer.open(
                            ServerSettings.embedded(dir.resolve("node-b"), environment), Clock.systemUTC())) {
                if (seedThroughWrites) {
                    seedReplayed("PostgreSQL", a, pgClock, users, events, writers, cluster, database);
                }
                awaitAutoAnalyze(database);
                User pgAdmin = queries("PostgreSQL", a, users, reps, seedThroughWrites ? null : adminUser);
                explainWindows(database);
                // The same queries through a node whose connections always plan with the values bound (a setting of
                // the connection in database.url, no change to the server): the JDBC driver prepares a statement
                // on the server after five runs, and PostgreSQL may then keep one generic plan for every window
                Map<String, String> customPlans = new HashMap<>(environment);
                customPlans.put("BULWARK_DATABASE_URL", database + "?options=-c%20plan_cache_mode%3Dforce_custom_plan");
                try (BulwarkServer c = BulwarkServer.open(
                                ServerSettings.embedded(dir.resolve("node-c"), customPlans), Clock.systemUTC())
                        .listen()) {
                    queries("PostgreSQL, plan_cache_mode force_custom_plan", c, users, reps, pgAdmin);
                }

                // durable ingest at the real clock, alternating H2, one PostgreSQL node and two
                List<AuditTrail> one = List.of(a.audit().trail());
                List<AuditTrail> two = List.of(a.audit().trail(), b.audit().trail());
                try (BulwarkServer server = BulwarkServer.open(h2, Clock.systemUTC())) {
                    for (int round = 1; round <= 2; round++) {
                        Ingest single = ingest(List.of(server.audit().trail()), users, liveEvents, writers, null, null);
                        report("H2: ingest round " + round + ", one node", "%s", single);
                        Ingest pgSingle = ingest(one, users, liveEvents, writers, cluster, database);
                        report("PostgreSQL: ingest round " + round + ", one node", "%s", pgSingle);
                        Ingest pair = ingest(two, users, liveEvents, writers, cluster, database);
                        report("PostgreSQL: ingest round " + round + ", two nodes", "%s", pair);
                        report(
                                "ingest round " + round + ": ratios",
                                "PostgreSQL two nodes ÷ one node %.2f; PostgreSQL one node ÷ H2 %.2f",
                                pair.perSecond() / pgSingle.perSecond(),
                                pgSingle.perSecond() / single.perSecond());
                    }
                    report("H2: database file", "%,d MB", Files.size(h2Data.resolve("bulwark.mv.db")) / 1_000_000);
                    checkChain("H2", server, null);
                }
                report(
                        "PostgreSQL: database size",
                        "%s (audit_event with its indexes %s)",
                        PostgresqlCluster.queryOne(
                                database, "SELECT pg_size_pretty(pg_database_size(current_database()))"),
                        PostgresqlCluster.queryOne(
                                database, "SELECT pg_size_pretty(pg_total_relation_size('audit_event'))"));
                checkChain("PostgreSQL", a, database);
            }
        } finally {
            cluster.dropDatabase(database);
            deleteTree(dir);
        }
    }

    /**
     * PostgreSQL's plans of one window of the events search (AuditRepository.search: the newest 100 matching in a
     * range of sequence numbers, each window twice as wide as the one before; here the sixth, 65,536 wide) for the
     * filters that need many windows, with the values bound as the server binds them: as a custom plan, and as the
     * generic plan PostgreSQL may switch to once the JDBC driver has prepared the statement on the server.
     */
    private static void explainWindows(String database) {
        String columns = "seq, id, occurred_at, actor_kind, actor_id, actor_email, auth_method, source_ip, client,"
                + " action, target_type, target_id, target_name, outcome, reason, request_id, diff, prev_hash, hash";
        String target = TARGETS[7].toString();
        Map<String, String[]> filters = new java.util.LinkedHashMap<>();
        filters.put(
                "action + outcome rare",
                new String[] {"action = $1 AND outcome = $2", "user.password.change", "FAILURE"});
        filters.put("target, by id or name", new String[] {
            "(target_id = $1 OR LOWER(target_name) = $2)", target, target.toLowerCase(java.util.Locale.ROOT)
        });
        filters.put("text", new String[] {
            "(LOWER(actor_email) LIKE $1 ESCAPE '\\' OR LOWER(target_name) LIKE $2 ESCAPE '\\'"
                    + " OR LOWER(reason) LIKE $3 ESCAPE '\\' OR action LIKE $4 ESCAPE '\\')",
            "%someone42%",
            "%someone42%",
            "%someone42%",
            "%someone42%"
        });
        try (java.sql.Connection c = PostgresqlCluster.connect(database);
                java.sql.Statement s = c.createStatement()) {
            long head;
            try (java.sql.ResultSet r = s.executeQuery("SELECT last_seq FROM audit_head WHERE id = 1")) {
                r.next();
                head = r.getLong(1);
            }
            for (Map.Entry<String, String[]> f : filters.entrySet()) {
                String[] v = f.getValue();
                int n = v.length - 1;
                String types = String.join(", ", java.util.Collections.nCopies(n, "text")) + ", bigint, bigint, int";
                s.execute("PREPARE window_query (" + types + ") AS SELECT " + columns + " FROM audit_event WHERE 1 = 1"
                        + " AND " + v[0] + " AND seq >= $" + (n + 1) + " AND seq <= $" + (n + 2)
                        + " ORDER BY seq DESC FETCH FIRST $" + (n + 3) + " ROWS ONLY");
                StringBuilder args = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    args.append('\'').append(v[i].replace("'", "''")).append("', ");
                }
                args.append(head - 65_535).append(", ").append(head).append(", 100");
                for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                    s.execute("SET plan_cache_mode = " + mode);
                    List<String> plan = new ArrayList<>();
                    try (java.sql.ResultSet r =
                            s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE window_query (" + args + ")")) {
                        while (r.next()) {
                            plan.add(r.getString(1).strip());
                        }
                    }
                    report(
                            "PostgreSQL: plan of one 65,536-wide window, " + f.getKey() + ", "
                                    + mode.replace("force_", "").replace("_", " "),
                            "%s",
                            String.join(" | ", plan));
                }
                s.execute("DEALLOCATE window_query");
            }
        } catch (java.sql.SQLException e) {
            report("PostgreSQL: plans", "could not be read: %s", e.getMessage());
        }
    }

    /**
     * Waits (at most three minutes) until autovacuum has analyzed {@code audit_event}, as it does on its own within a
     * minute or so of a large change, so the planner has statistics of the trail as it is; says what it found.
     */
    private static void awaitAutoAnalyze(String database) throws InterruptedException {
        String sql = "SELECT 'last autoanalyze ' || COALESCE(last_autoanalyze::text, 'never') || ', last autovacuum '"
                + " || COALESCE(last_autovacuum::text, 'never') || ', ' || n_live_tup || ' live rows'"
                + " FROM pg_stat_user_tables WHERE relname = 'audit_event'";
        long start = System.nanoTime();
        String state = PostgresqlCluster.queryOne(database, sql);
        while (state.startsWith("last autoanalyze never") && System.nanoTime() - start < 180e9) {
            Thread.sleep(2_000);
            state = PostgresqlCluster.queryOne(database, sql);
        }
        report(
                "PostgreSQL: audit_event before the queries",
                "%s (waited %.0f s for autovacuum)",
                state,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Fast password hashing for the admin's sign-in, and the API limits per caller and address lifted: the queries
     * come from one admin on 127.0.0.1 several hundred times a minute. The limits are still checked (on PostgreSQL
     * each request still consumes from its two buckets in the database), they only never refuse.
     */
    private static final Map<String, String> FAST_HASHING = Map.of(
            "BULWARK_PASSWORD_HASH_ITERATIONS", "1000",
            "BULWARK_RATE_LIMITS_API_PER_CALLER", "1000000/1m",
            "BULWARK_RATE_LIMITS_API_PER_IP", "1000000/1m");

    /** Seeds {@code events} records spread over the last 60 days through the real write path. */
    private static void seedReplayed(
            String label,
            BulwarkServer server,
            ReplayClock clock,
            Users users,
            int events,
            int writers,
            PostgresqlCluster cluster,
            String database)
            throws Exception {
        clock.replay(Instant.now().minus(HISTORY), HISTORY.toNanos() / 1_000 / events);
        Ingest seeding = ingest(List.of(server.audit().trail()), users, events, writers, cluster, database);
        clock.stopReplay();
        // 60 days of 10-minute checkpoints fall into the seeding: one every events / 8,640 records
        report(label + ": seeding (replayed clock)", "%s", seeding);
    }

    /** The events queries over HTTP as a signed-in admin, on the trail as it is. */
    private static User queries(String label, BulwarkServer server, Users users, int reps, User existingAdmin)
            throws Exception {
        User adminUser = existingAdmin == null ? createAdmin(server) : existingAdmin;
        BulwarkClient admin = signIn(server);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = admin.session().orElseThrow().accessToken().reveal();
        measureEvents(label + ": ", server, adminUser, http, server.baseUri(), token, reps, users);
        return adminUser;
    }

    /**
     * The whole chain verified by the server ({@code verifyLocally}: hashes, sequence numbers without a gap,
     * checkpoint signatures) and, on PostgreSQL, counted in SQL: one record per sequence number from 1 to the head,
     * and no two records on the same predecessor (one chain, no fork).
     */
    private static void checkChain(String label, BulwarkServer server, String database) {
        long start = System.nanoTime();
        ChainVerification v = server.audit().verifyLocally();
        report(
                label + ": chain verification",
                "%s: %s in %.1f s (up to %,d, %,d checkpoints)",
                v.intact() ? "intact" : "BROKEN at " + v.brokenAt() + " (" + v.problem() + ")",
                v.detail(),
                (System.nanoTime() - start) / 1e9,
                v.verifiedUpTo(),
                v.checkpointsVerified());
        if (database != null) {
            report(
                    label + ": chain in SQL",
                    "%s",
                    PostgresqlCluster.queryOne(
                            database,
                            "SELECT 'records ' || n || ', seq ' || lo || '..' || hi || ', head ' || head"
                                    + " || CASE WHEN n = hi AND lo = 1 AND hi = head THEN ' (gapless)' ELSE ' (GAP)' END"
                                    + " || ', records sharing a predecessor ' || forks FROM (SELECT"
                                    + " (SELECT COUNT(*) FROM audit_event) AS n,"
                                    + " (SELECT MIN(seq) FROM audit_event) AS lo,"
                                    + " (SELECT MAX(seq) FROM audit_event) AS hi,"
                                    + " (SELECT last_seq FROM audit_head WHERE id = 1) AS head,"
                                    + " (SELECT COUNT(*) FROM (SELECT prev_hash FROM audit_event GROUP BY prev_hash"
                                    + " HAVING COUNT(*) > 1) f) AS forks) t"));
        }
    }

    /**
     * Newest-100 events queries with each filter of the console's audit view, over HTTP (the whole call), then two
     * in-process service calls for comparison.
     */
    private static void measureEvents(
            String label,
            BulwarkServer server,
            User adminUser,
            HttpClient http,
            URI base,
            String token,
            int reps,
            Users users)
            throws Exception {
        Instant now = Instant.now();
        String month = "from=" + enc(now.minus(Duration.ofDays(30)).toString());
        String events = "/api/v1/audit/events?";
        measure(
                http,
                base,
                token,
                reps,
                label + "events: heavy actor (20 %) + 30 days, newest 100",
                events + month + "&actor=" + users.heavy.id());
        measure(
                http,
                base,
                token,
                reps,
                label + "events: light actor (0.4 %) + 30 days, newest 100",
                events + month + "&actor=" + users.light.get(7).id());
        measure(
                http,
                base,
                token,
                reps,
                label + "events: action + outcome (auth.login.failure DENIED), newest 100",
                events + "action=auth.login.failure&outcome=DENIED");
        measure(
                http,
                base,
                token,
                reps,
                label + "events: action + outcome rare (user.password.change FAILURE)",
                events + "action=user.password.change&outcome=FAILURE");
        measure(
                http,
                base,
                token,
                reps,
                label + "events: target, by id or name (0.04 %), newest 100",
                events + "target=" + TARGETS[7]);
        measure(
                http,
                base,
                token,
                reps,
                label + "events: target type + id (0.04 %), newest 100",
                events + "targetType=user&targetId=" + TARGETS[7]);
        measure(http, base, token, reps, label + "events: IP address (0.05 %), newest 100", events + "ip=10.0.3.17");
        measure(
                http,
                base,
                token,
                reps,
                label + "events: text 'someone42' (0.2 %), newest 100",
                events + "q=someone42");
        measure(http, base, token, reps, label + "events: no filter, newest 100", "/api/v1/audit/events");
        measure(
                http,
                base,
                token,
                reps,
                label + "events: heavy actor + 30 days, newest 10 (small answer)",
                events + "limit=10&" + month + "&actor=" + users.heavy.id());
        Caller caller = Caller.ofSession(adminUser, UUID.randomUUID(), new ClientInfo("127.0.0.1", "benchmark"));
        Instant monthAgo = now.minus(Duration.ofDays(30));
        measureInProcess(
                reps,
                label + "events in-process (service, no HTTP): heavy actor + 30 days, newest 100",
                () -> server.audit()
                        .events(
                                caller,
                                new AuditQuery(
                                        monthAgo,
                                        null,
                                        users.heavy.id().toString(),
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null)));
        measureInProcess(
                reps, label + "events in-process (service, no HTTP): action + outcome, newest 100", () -> server.audit()
                        .events(
                                caller,
                                new AuditQuery(
                                        null,
                                        null,
                                        null,
                                        "auth.login.failure",
                                        null,
                                        null,
                                        AuditOutcome.DENIED,
                                        null,
                                        null,
                                        null,
                                        null)));
    }

    /** The actors: one owning a fifth of the events, 50 others, and anonymous sign-in attempts. */
    private static final class Users {
        final User heavy = user("heavy");
        final List<User> light = new ArrayList<>();

        Users() {
            for (int i = 0; i < 50; i++) {
                light.add(user("user" + i));
            }
        }

        private static User user(String name) {
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            return new User(UUID.randomUUID(), name + "@example.com", name, Role.USER, true, false, t, t, t);
        }
    }

    /**
     * What an ingest run measured: wall time, the process's CPU per event (and the PostgreSQL cluster's, when the
     * server runs on it), and how long each writer waited in {@code recordAlone} until its record was durable.
     */
    private record Ingest(
            int events,
            int writers,
            int nodes,
            double seconds,
            double cpuMicrosPerEvent,
            double databaseCpuMicrosPerEvent,
            Histogram waits,
            long commits,
            long walSyncs,
            long collections,
            long collectionMillis) {
        double perSecond() {
            return events / seconds;
        }

        @Override
        public String toString() {
            int cores = Runtime.getRuntime().availableProcessors();
            double cpu = cpuMicrosPerEvent + Math.max(0, databaseCpuMicrosPerEvent);
            return String.format(
                            "%,d events in %.1f s = %,.0f events/s (%d writers%s, each waiting until durable: p50 %.1f ms,"
                                    + " p99 %.1f ms, max %.0f ms); process CPU %.0f µs per event%s, so at most %,.0f events/s"
                                    + " on %d idle cores",
                            events,
                            seconds,
                            perSecond(),
                            writers,
                            nodes > 1 ? " over " + nodes + " nodes" : "",
                            waits.getValueAtPercentile(50) / 1e3,
                            waits.getValueAtPercentile(99) / 1e3,
                            waits.getMaxValue() / 1e3,
                            cpuMicrosPerEvent,
                            databaseCpuMicrosPerEvent < 0
                                    ? ""
                                    : String.format(" + PostgreSQL %.0f µs", databaseCpuMicrosPerEvent),
                            cores * 1e6 / cpu,
                            cores)
                    + String.format("; %,d collections (%,d ms)", collections, collectionMillis)
                    + (commits <= 0
                            ? ""
                            : String.format(
                                    "; %,d commits (%.1f events each), %,d WAL syncs",
                                    commits, (double) events / commits, walSyncs));
        }
    }

    private static Ingest ingest(AuditTrail trail, Users users, int events, int writers) throws Exception {
        return ingest(List.of(trail), users, events, writers, null, null);
    }

    /** Appends {@code events} records from {@code writers} writers spread evenly over the nodes' trails. */
    private static Ingest ingest(
            List<AuditTrail> nodes, Users users, int events, int writers, PostgresqlCluster cluster, String database)
            throws Exception {
        log(
                "appending %,d events with %d concurrent writers on %d node(s) (durable, batched appends)…",
                events, writers, nodes.size());
        long[] statsStart = database == null ? new long[2] : PostgresqlCluster.commitsAndWalSyncs(database);
        long databaseCpuStart = cluster == null ? 0 : cluster.cpuNanos();
        long[] gcStart = collections();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        Histogram waits = seed(nodes, users, events, writers);
        long[] gc = collections();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e3 / events;
        double databaseCpu = cluster == null ? -1 : (cluster.cpuNanos() - databaseCpuStart) / 1e3 / events;
        long[] stats = new long[2];
        if (database != null) {
            Thread.sleep(1_500); // the backends report their statistics within a second
            long[] statsEnd = PostgresqlCluster.commitsAndWalSyncs(database);
            stats = new long[] {statsEnd[0] - statsStart[0], statsEnd[1] - statsStart[1]};
        }
        return new Ingest(
                events,
                writers,
                nodes.size(),
                seconds,
                cpu,
                databaseCpu,
                waits,
                stats[0],
                stats[1],
                gc[0] - gcStart[0],
                gc[1] - gcStart[1]);
    }

    /** Garbage collections so far and their milliseconds, over every collector. */
    private static long[] collections() {
        long count = 0;
        long millis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** CPU time this process has used (every thread, H2's writer included): robust to a busy machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Writer {@code w} appends through node {@code w % nodes}; returns every append's wait. */
    private static final long WAIT_MICROS_MAX = Duration.ofMinutes(10).toNanos() / 1_000;

    private static Histogram seed(List<AuditTrail> nodes, Users users, int events, int writers) throws Exception {
        AtomicLong next = new AtomicLong();
        // microseconds, two digits: small enough that 256 writers' histograms do not weigh on the heap they measure
        Histogram waits = new Histogram(WAIT_MICROS_MAX, 2);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<IntCountsHistogram>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long seed = w;
                AuditTrail trail = nodes.get(w % nodes.size());
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    IntCountsHistogram mine = new IntCountsHistogram(WAIT_MICROS_MAX, 2);
                    for (long i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        AuditRecord record = record(random, users, i);
                        long started = System.nanoTime();
                        trail.recordAlone(record);
                        mine.recordValue(Math.min((System.nanoTime() - started) / 1_000, WAIT_MICROS_MAX));
                        if (i > 0 && i % 100_000 == 0) {
                            log("  %,d", i);
                        }
                    }
                    return mine;
                }));
            }
            for (Future<IntCountsHistogram> f : done) {
                waits.add(f.get());
            }
        }
        return waits;
    }

    private static AuditRecord record(Random random, Users users, long i) {
        AuditAction action = ACTIONS[random.nextInt(ACTIONS.length)];
        AuditOutcome outcome =
                switch (action) {
                    case AUTH_LOGIN_FAILURE -> AuditOutcome.DENIED;
                    case PERMISSION_DENIED -> AuditOutcome.DENIED;
                    default -> random.nextInt(50) == 0 ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS;
                };
        AuditRecord r = AuditRecord.of(action, outcome)
                .from(new ClientInfo("10.0." + random.nextInt(8) + "." + random.nextInt(250), "Bulwark Desktop 1.0"))
                .authMethod("password")
                .requestId(Long.toHexString(random.nextLong()));
        if (action == AuditAction.AUTH_LOGIN_FAILURE) {
            return r.anonymous("someone" + random.nextInt(500) + "@example.com").reason("The password is not correct.");
        }
        User actor = i % 5 == 0 ? users.heavy : users.light.get(random.nextInt(users.light.size()));
        int target = random.nextInt(TARGETS.length);
        return r.actor(actor).target("user", TARGETS[target], "target " + target);
    }

    /** What the Dashboard's security events list asks for (desktop DashboardViewModel.SECURITY_EVENTS). */
    private static final String SECURITY_EVENTS = "auth.login.failure,auth.mfa.failure,auth.lockout,auth.new-ip,"
            + "auth.refresh.reuse,permission.denied,rate.limit,vault.entry.reveal,vault.entry.copy,audit.export,"
            + "backup.failure";

    /** The calls the Dashboard makes: the summary at both periods, and the newest security events. */
    private static void measureDashboard(HttpClient http, URI base, String token, int reps) throws Exception {
        measure(
                http,
                base,
                token,
                reps,
                "dashboard: summary 24 h (tiles, failed sign-ins by hour, top 5 addresses and accounts)",
                "/api/v1/audit/summary?period=24h");
        measure(http, base, token, reps, "dashboard: summary 7 days", "/api/v1/audit/summary?period=7d");
        measure(
                http,
                base,
                token,
                reps,
                "dashboard: newest 20 security events (11 actions, one 6th of the trail)",
                "/api/v1/audit/events?limit=20&action=" + enc(SECURITY_EVENTS));
        measure(
                http,
                base,
                token,
                Math.max(20, reps / 5),
                "dashboard: newest 20 of 2 actions the trail never holds (worst case)",
                "/api/v1/audit/events?limit=20&action=" + enc("vault.entry.reveal,vault.entry.copy"));
    }

    private static void measure(HttpClient http, URI base, String token, int reps, String name, String path)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        int warmup = Math.max(5, reps / 10);
        long[] nanos = new long[reps];
        int status = 0;
        int failed = 0;
        long bytes = 0;
        for (int i = -warmup; i < reps; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            status = response.statusCode();
            bytes = response.body().length;
            if (status != 200) {
                failed++;
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        report(
                name,
                "p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d calls, HTTP %d, %,d bytes)%s",
                nanos[reps / 2] / 1e6,
                nanos[(int) (reps * 0.95)] / 1e6,
                nanos[reps - 1] / 1e6,
                reps,
                status,
                bytes,
                failed == 0 ? "" : "; " + failed + " ANSWERS WERE NOT 200: not a measure of the query");
    }

    private static User createAdmin(BulwarkServer server) {
        Secret code = server.newSetupCode().orElseThrow();
        return new BulwarkClient(server.baseUri())
                .setup()
                .createFirstAdmin(new SetupRequest(code, ADMIN_EMAIL, "Bench Admin", Secret.of(ADMIN_PASSWORD)));
    }

    private static BulwarkClient signIn(BulwarkServer server) {
        BulwarkClient client = new BulwarkClient(server.baseUri());
        client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
        return client;
    }

    private static void measureInProcess(int reps, String name, Runnable call) {
        int warmup = Math.max(5, reps / 10);
        long[] nanos = new long[reps];
        for (int i = -warmup; i < reps; i++) {
            long start = System.nanoTime();
            call.run();
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        report(
                name,
                "p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d calls)",
                nanos[reps / 2] / 1e6,
                nanos[(int) (reps * 0.95)] / 1e6,
                nanos[reps - 1] / 1e6,
                reps);
    }

    /** Samples the old generation's occupancy after each collection while an export runs. */
    private static final class HeapWatch {
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .toList();
        private final long before = oldAfterGc();
        private volatile long max = before;
        private volatile boolean running = true;
        private final Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running) {
                max = Math.max(max, oldAfterGc());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        private long oldAfterGc() {
            return pools.stream()
                    .mapToLong(p -> p.getCollectionUsage().getUsed())
                    .sum();
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
        }

        @Override
        public String toString() {
            return String.format(
                    "%,d MB before, at most %,d MB during (max heap %,d MB)",
                    before / 1_000_000, max / 1_000_000, Runtime.getRuntime().maxMemory() / 1_000_000);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1].replace("_", "").replace(",", ""));
            }
        }
        return fallback;
    }

    private static void report(String name, String format, Object... values) {
        System.out.printf("bulwark-audit | %-62s | %s [load %s]%n", name, String.format(format, values), load());
    }

    /** The machine's load average over the last minute, as {@code /proc/loadavg} has it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void log(String format, Object... values) {
        System.err.printf("[audit-bench] " + format + "%n", values);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
