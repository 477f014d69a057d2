package dev.bulwark.benchmarks.vault;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.CustomFieldInput;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.RotationStatus;
import dev.bulwark.model.vault.VaultQuery;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The vault's latency figures on a real embedded server (real H2 file, loopback HTTP, the typed client): reveal,
 * list and search over {@code --entries} entries, then a data key rotation of {@code --values} values while
 * another client keeps listing and revealing, whose latency shows whether rotation blocks other requests.
 *
 * <p>Latencies are measured at the client over loopback, so they include the HTTP round trip: an upper bound of
 * the time at the server. For reveal, the server's own latency histogram ({@code /metrics}, whose buckets include
 * 5 ms) also says which share of the measured calls the server answered within each bound.
 */
public final class VaultBenchmark {
    private static final String EMAIL = "bench-admin@example.com";
    private static final String PASSWORD = "Quarry-lantern-Otter-58-velvet";
    private static final int VALUES_PER_ENTRY = 3;
    // enough calls for the JIT to compile the request path before anything is measured
    private static final int WARM_UP_ROUNDS = 2_000;
    private static final String REVEAL_ROUTE = "/api/v1/vault/entries/{id}/reveal";

    private VaultBenchmark() {}

    public static void main(String[] args) throws Exception {
        int entries = intOption(args, "--entries", 10_000);
        int values = intOption(args, "--values", 100_000);
        int samples = intOption(args, "--samples", 2_000);
        Path dir = Files.createTempDirectory("bulwark-vault-bench");
        // one client as one account: lift the rate limits that would otherwise answer 429
        Map<String, String> env = Map.of(
                "BULWARK_PASSWORD_HASH_ITERATIONS", "1000",
                "BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "1000000/1m",
                "BULWARK_RATE_LIMITS_PUBLIC_PER_IP", "1000000/1m",
                "BULWARK_RATE_LIMITS_API_PER_CALLER", "1000000/1m",
                "BULWARK_RATE_LIMITS_API_PER_IP", "1000000/1m");
        ServerSettings settings = ServerSettings.embedded(dir, env);
        BulwarkServer.open(settings).close(); // creates the database and keys
        long t0 = System.nanoTime();
        List<UUID> ids = new ArrayList<>(VaultSeeder.seed(settings, 0, entries));
        report("seed %d entries (%d values) into the tables: %.1f s", entries, entries * VALUES_PER_ENTRY, secs(t0));
        try (BulwarkServer server = BulwarkServer.start(settings)) {
            BulwarkClient client = new BulwarkClient(server.baseUri());
            client.setup()
                    .createFirstAdmin(new SetupRequest(
                            server.newSetupCode().orElseThrow(), EMAIL, "Bench Admin", Secret.of(PASSWORD)));
            client.auth().login(new LoginRequest(EMAIL, Secret.of(PASSWORD)));
            t0 = System.nanoTime();
            ids.addAll(seed(client, entries, 200));
            report("create 200 more entries through the API, 16 at once: %.1f s", secs(t0));

            warmUp(client, ids);
            ServerLatency.Buckets revealBefore = ServerLatency.of(server.baseUri(), "POST", REVEAL_ROUTE);
            long[] reveal = measure(samples, () -> client.vault()
                    .reveal(ids.get(ThreadLocalRandom.current().nextInt(ids.size())), RevealRequest.secret()));
            report("reveal (secret), %s", stats(reveal));
            report(
                    "reveal at the server, %s",
                    ServerLatency.of(server.baseUri(), "POST", REVEAL_ROUTE).since(revealBefore));
            long[] list = measure(samples, () -> client.vault().list(VaultQuery.all()));
            report("list, first page of 100 of %d, %s", entries, stats(list));
            long[] deep = measure(samples / 4, () -> client.vault()
                    .list(new VaultQuery(null, null, null, false, entries - 100, 100)));
            report("list, last page of %d, %s", entries, stats(deep));
            long[] search = measure(samples, () -> client.vault()
                    .search("entry-" + ThreadLocalRandom.current().nextInt(entries / 10)));
            report("search by name, %d entries, %s", entries, stats(search));
            long[] tag = measure(samples, () -> client.vault()
                    .list(new VaultQuery(
                            null, "team-" + ThreadLocalRandom.current().nextInt(20), null, false, 0, 100)));
            report("filter by tag, %d entries, %s", entries, stats(tag));
            long[] health = measure(20, () -> client.vault().health());
            report("health report over %d entries, %s", entries, stats(health));
        }
        int moreEntries = Math.max(0, (values - (entries + 200) * VALUES_PER_ENTRY + 2) / VALUES_PER_ENTRY);
        t0 = System.nanoTime();
        ids.addAll(VaultSeeder.seed(settings, entries + 200, moreEntries));
        report("seed %d more entries into the tables: %.1f s", moreEntries, secs(t0));
        try (BulwarkServer server = BulwarkServer.start(settings)) {
            BulwarkClient client = new BulwarkClient(server.baseUri());
            client.auth().login(new LoginRequest(EMAIL, Secret.of(PASSWORD)));
            RotationStatus before = client.vault().rotationStatus();
            long total = before.keys().stream().mapToLong(k -> k.values()).sum();
            warmUp(client, ids);
            ServerLatency.Buckets revealBefore = ServerLatency.of(server.baseUri(), "POST", REVEAL_ROUTE);
            long[] revealLarge = measure(samples / 2, () -> client.vault()
                    .reveal(ids.get(ThreadLocalRandom.current().nextInt(ids.size())), RevealRequest.secret()));
            report("reveal with %d entries, %s", ids.size(), stats(revealLarge));
            report(
                    "reveal at the server with %d entries, %s",
                    ids.size(),
                    ServerLatency.of(server.baseUri(), "POST", REVEAL_ROUTE).since(revealBefore));
            long[] listLarge = measure(samples / 2, () -> client.vault().list(VaultQuery.all()));
            report("list, first page of %d, %s", ids.size(), stats(listLarge));
            long[] idle = measure(samples / 2, () -> mixed(client, ids));
            report("list+reveal while idle, %s", stats(idle));
            AtomicBoolean rotating = new AtomicBoolean(true);
            List<Long> during = new ArrayList<>();
            Thread probe = Thread.ofVirtual().start(() -> {
                while (rotating.get()) {
                    long s = System.nanoTime();
                    mixed(client, ids);
                    synchronized (during) {
                        during.add(System.nanoTime() - s);
                    }
                }
            });
            t0 = System.nanoTime();
            client.vault().rotate();
            RotationStatus status;
            do {
                Thread.sleep(200);
                status = client.vault().rotationStatus();
            } while (status.running());
            double rotationSecs = secs(t0);
            rotating.set(false);
            probe.join();
            report(
                    "rotation re-encrypted %d values in %.1f s (%.0f values/s); keys after: %s",
                    total, rotationSecs, total / rotationSecs, status.keys());
            long[] duringArray;
            synchronized (during) {
                duringArray = during.stream().mapToLong(Long::longValue).toArray();
            }
            report("list+reveal during rotation, %s", stats(duringArray));
        } finally {
            deleteTree(dir);
        }
    }

    private static void mixed(BulwarkClient client, List<UUID> ids) {
        client.vault().list(VaultQuery.all());
        client.vault().reveal(ids.get(ThreadLocalRandom.current().nextInt(ids.size())), RevealRequest.secret());
    }

    private static List<UUID> seed(BulwarkClient client, int from, int count) throws InterruptedException {
        List<UUID> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(16);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = from; i < from + count; i++) {
                int n = i;
                inFlight.acquire();
                pool.submit(() -> {
                    try {
                        ids.add(client.vault().create(entry(n)).id());
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        return ids;
    }

    private static CreateVaultEntryRequest entry(int n) {
        String random = UUID.randomUUID().toString();
        return new CreateVaultEntryRequest(
                "entry-" + n,
                EntryKind.PASSWORD,
                "user" + n,
                "https://host-" + n + ".example.com/login",
                Secret.of("Pw-" + random),
                Secret.of("notes for entry " + n + " " + random),
                List.of("team-" + (n % 20), n % 2 == 0 ? "prod" : "staging"),
                List.of(CustomFieldInput.secret("pin", Secret.of(Integer.toString(n % 10_000)))),
                null,
                List.of());
    }

    private static void warmUp(BulwarkClient client, List<UUID> ids) {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            mixed(client, ids);
            client.vault().search("entry-1");
        }
    }

    private static long[] measure(int n, Runnable call) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - s;
        }
        return nanos;
    }

    private static String stats(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format(
                Locale.ROOT,
                "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n %d)",
                percentile(sorted, 50),
                percentile(sorted, 95),
                percentile(sorted, 99),
                sorted[sorted.length - 1] / 1e6,
                sorted.length);
    }

    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("vault: " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
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
