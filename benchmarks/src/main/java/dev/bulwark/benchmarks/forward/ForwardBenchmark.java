package dev.bulwark.benchmarks.forward;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.model.forward.ForwardKind;
import dev.bulwark.model.forward.ForwardStatus;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.http.ClientInfo;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Forwarding throughput (decision 0034): an embedded server with N audit records (through the real write path),
 * then a new destination, which receives the whole trail from its first record; the time until its cursor reaches
 * the head gives records per second. Once to an HTTPS webhook in this JVM that checks every HMAC signature (the
 * JDK's HttpsServer), once to Debian's rsyslog over TLS writing to a file, when it is installed. The certificate is
 * a throw-away self-signed one made with openssl and pinned in the destination.
 */
public final class ForwardBenchmark {
    private static final String KEY = "benchmark-hmac-key-0123456789abcdef0123456789";

    private ForwardBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = intOption(args, "--events", 200_000);
        int batch = intOption(args, "--batch", 500);
        Path dir = Files.createTempDirectory("bulwark-forward-bench");
        Path tls = certificate(dir.resolve("tls"));
        ServerSettings settings = ServerSettings.embedded(
                dir.resolve("data"),
                Map.of(
                        "BULWARK_PASSWORD_HASH_ITERATIONS", "1000",
                        "BULWARK_BACKUP_SCHEDULE", "off",
                        "BULWARK_MFA_ENABLED", "false",
                        "BULWARK_FORWARDING_BATCH_SIZE", Integer.toString(batch)));
        try (BulwarkServer server = BulwarkServer.start(settings)) {
            BulwarkClient admin = admin(server);
            long t0 = System.nanoTime();
            seed(server.audit().trail(), events, 64);
            report("seed %,d audit events (durable, 64 writers): %.1f s", events, secs(t0));
            String pem = Files.readString(tls.resolve("cert.pem"));

            HttpsServer webhook = webhook(tls);
            try {
                ForwardDestination hook = admin.forwarding()
                        .create(new ForwardDestinationRequest(
                                "bench webhook",
                                ForwardKind.WEBHOOK,
                                "https://127.0.0.1:" + webhook.getAddress().getPort() + "/bulwark",
                                null,
                                pem,
                                Secret.of(KEY),
                                true));
                measure(admin, hook, "webhook (HTTPS, JSON Lines, HMAC checked by the receiver)");
                admin.forwarding().delete(hook.id());
            } finally {
                webhook.stop(0);
            }

            Path rsyslogd = Path.of("/usr/sbin/rsyslogd");
            if (Files.isExecutable(rsyslogd)) {
                Process rsyslog = rsyslog(rsyslogd, dir.resolve("rsyslog"), tls);
                try {
                    ForwardDestination syslog = admin.forwarding()
                            .create(new ForwardDestinationRequest(
                                    "bench rsyslog",
                                    ForwardKind.SYSLOG,
                                    "127.0.0.1:" + rsyslogPort,
                                    null,
                                    pem,
                                    null,
                                    true));
                    measure(admin, syslog, "syslog (RFC 5425 TLS to rsyslog, omfile)");
                    admin.forwarding().delete(syslog.id());
                    report(
                            "rsyslog wrote %,d lines",
                            Files.readAllLines(dir.resolve("rsyslog").resolve("received.log"))
                                    .size());
                } finally {
                    rsyslog.destroy();
                    rsyslog.waitFor(20, TimeUnit.SECONDS);
                }
            } else {
                report("rsyslog is not installed: apt-get install rsyslog rsyslog-openssl");
            }
        }
        report("files left in %s (delete it)", dir);
    }

    private static void measure(BulwarkClient admin, ForwardDestination d, String what) throws Exception {
        long t0 = System.nanoTime();
        ForwardStatus s = admin.forwarding().get(d.id()).status();
        while (s.lagRecords() > 0 || s.lastForwardedSeq() == 0) {
            Thread.sleep(200);
            s = admin.forwarding().get(d.id()).status();
            if (s.failures() > 3) {
                throw new IllegalStateException(what + ": " + s.lastError());
            }
        }
        double seconds = secs(t0);
        report(
                "%s: %,d records (and their checkpoints) in %.1f s = %,.0f records/s",
                what, s.lastForwardedSeq(), seconds, s.lastForwardedSeq() / seconds);
    }

    private static HttpsServer webhook(Path tls) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(tls)));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/bulwark", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Bulwark-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Bulwark-Signature");
            boolean ok;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ok = ("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body))).equals(signature);
            } catch (Exception e) {
                ok = false;
            }
            exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static int rsyslogPort;

    private static Process rsyslog(Path rsyslogd, Path dir, Path tls) throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            rsyslogPort = probe.getLocalPort();
        }
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("rsyslog.conf"), """
                global(workDirectory="%1$s/work" maxMessageSize="256k" defaultNetstreamDriver="ossl"
                       defaultNetstreamDriverCAFile="%2$s/cert.pem" defaultNetstreamDriverCertFile="%2$s/cert.pem"
                       defaultNetstreamDriverKeyFile="%2$s/key.pem")
                module(load="imtcp" streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon")
                input(type="imtcp" address="127.0.0.1" port="%3$d")
                template(name="line" type="string" string="%%msgid%% %%structured-data%% %%msg%%\\n")
                action(type="omfile" file="%1$s/received.log" template="line")
                """.formatted(dir, tls, rsyslogPort));
        Process p = new ProcessBuilder(
                        rsyslogd.toString(),
                        "-n",
                        "-f",
                        dir.resolve("rsyslog.conf").toString(),
                        "-i",
                        dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile())
                .start();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", rsyslogPort)) {
                return p;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("rsyslogd did not listen");
    }

    /** A self-signed EC certificate for 127.0.0.1 made with openssl: cert.pem, key.pem and a PKCS#12 store. */
    private static Path certificate(Path dir) throws Exception {
        Files.createDirectories(dir);
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1");
        run(
                dir,
                "openssl",
                "pkcs12",
                "-export",
                "-in",
                "cert.pem",
                "-inkey",
                "key.pem",
                "-out",
                "store.p12",
                "-passout",
                "pass:bench");
        return dir;
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static SSLContext serverContext(Path tls) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(tls.resolve("store.p12").toFile())) {
            store.load(in, "bench".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "bench".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static BulwarkClient admin(BulwarkServer server) {
        BulwarkClient client = new BulwarkClient(server.baseUri());
        String password = "violet tangerine oboe 7731 quay";
        client.setup()
                .createFirstAdmin(new SetupRequest(
                        server.newSetupCode().orElseThrow(), "bench@example.com", "Bench", Secret.of(password)));
        client.auth().login(new LoginRequest("bench@example.com", Secret.of(password)));
        return client;
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
        System.out.printf("[forward] " + format + "%n", values);
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
