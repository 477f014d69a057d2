package dev.bulwark.benchmarks.audit;

import com.nimbusds.jose.jwk.JWKSet;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
        Path dir = Files.createTempDirectory("bulwark-audit-bench");
        ReplayClock clock = new ReplayClock();
        ServerSettings settings = ServerSettings.embedded(dir, Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "1000"));
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
            Instant now = Instant.now();
            String month = "from=" + enc(now.minus(Duration.ofDays(30)).toString());
            measureDashboard(http, base, token, reps);
            if (dashboardOnly) {
                return;
            }
            measure(
                    http,
                    base,
                    token,
                    reps,
                    "events: heavy actor (20 %) + 30 days, newest 100",
                    "/api/v1/audit/events?" + month + "&actor=" + users.heavy.id());
            measure(
                    http,
                    base,
                    token,
                    reps,
                    "events: light actor (0.4 %) + 30 days, newest 100",
                    "/api/v1/audit/events?" + month + "&actor="
                            + users.light.get(7).id());
            measure(
                    http,
                    base,
                    token,
                    reps,
                    "events: action + outcome (auth.login.failure DENIED), newest 100",
                    "/api/v1/audit/events?action=auth.login.failure&outcome=DENIED");
            measure(
                    http,
                    base,
                    token,
                    reps,
                    "events: action + outcome rare (user.password.change FAILURE)",
                    "/api/v1/audit/events?action=user.password.change&outcome=FAILURE");
            measure(http, base, token, reps, "events: no filter, newest 100", "/api/v1/audit/events");
            measure(
                    http,
                    base,
                    token,
                    reps,
                    "events: heavy actor + 30 days, newest 10 (small answer)",
                    "/api/v1/audit/events?limit=10&" + month + "&actor=" + users.heavy.id());
            Caller caller = Caller.ofSession(adminUser, UUID.randomUUID(), new ClientInfo("127.0.0.1", "benchmark"));
            Instant monthAgo = now.minus(Duration.ofDays(30));
            measureInProcess(
                    reps,
                    "events in-process (service, no HTTP): heavy actor + 30 days, newest 100",
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
                    reps, "events in-process (service, no HTTP): action + outcome, newest 100", () -> server.audit()
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

    /** What an ingest run measured: wall time and the process's CPU per event. */
    private record Ingest(int events, int writers, double seconds, double cpuMicrosPerEvent) {
        @Override
        public String toString() {
            int cores = Runtime.getRuntime().availableProcessors();
            return String.format(
                    "%,d events in %.1f s = %,.0f events/s (%d writers, each waiting until durable);"
                            + " process CPU %.0f µs per event, so at most %,.0f events/s on %d idle cores",
                    events,
                    seconds,
                    events / seconds,
                    writers,
                    cpuMicrosPerEvent,
                    cores * 1e6 / cpuMicrosPerEvent,
                    cores);
        }
    }

    private static Ingest ingest(AuditTrail trail, Users users, int events, int writers) throws Exception {
        log("appending %,d events with %d concurrent writers (durable, batched appends)…", events, writers);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        seed(trail, users, events, writers);
        return new Ingest(
                events, writers, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpuStart) / 1e3 / events);
    }

    /** CPU time this process has used (every thread, H2's writer included): robust to a busy machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void seed(AuditTrail trail, Users users, int events, int writers) throws Exception {
        AtomicLong next = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long seed = w;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (long i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        trail.recordAlone(record(random, users, i));
                        if (i > 0 && i % 100_000 == 0) {
                            log("  %,d", i);
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
        long bytes = 0;
        for (int i = -warmup; i < reps; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            status = response.statusCode();
            bytes = response.body().length;
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        report(
                name,
                "p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d calls, HTTP %d, %,d bytes)",
                nanos[reps / 2] / 1e6,
                nanos[(int) (reps * 0.95)] / 1e6,
                nanos[reps - 1] / 1e6,
                reps,
                status,
                bytes);
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
        System.out.printf("bulwark-audit | %-62s | %s%n", name, String.format(format, values));
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
