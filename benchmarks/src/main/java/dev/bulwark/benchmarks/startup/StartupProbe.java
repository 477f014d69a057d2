package dev.bulwark.benchmarks.startup;

import dev.bulwark.benchmarks.http.LoopbackConnection;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Starts the embedded server on a data directory, polls {@code GET /health/ready} until it answers 2xx, prints one
 * {@value #REPORT_PREFIX} line with the timings and stops the server. {@link StartupBenchmark} runs it in fresh JVMs.
 */
public final class StartupProbe {
    static final String REPORT_PREFIX = "bulwark-startup";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private StartupProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StartupProbe DATA_DIR");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);

        long startCalled = System.nanoTime();
        var server = BulwarkServer.start(ServerSettings.embedded(dataDir, Map.of()));
        try {
            long startReturned = System.nanoTime();
            var address = LoopbackConnection.loopbackAddress(server.baseUri());
            awaitReady(address, startCalled + READY_TIMEOUT.toNanos());
            long ready = System.nanoTime();
            long jvmUptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();

            System.out.printf(
                    Locale.ROOT,
                    "%s start-returned-ms=%.1f ready-ms=%.1f jvm-uptime-at-ready-ms=%d%n",
                    REPORT_PREFIX,
                    (startReturned - startCalled) / 1e6,
                    (ready - startCalled) / 1e6,
                    jvmUptimeMs - (System.nanoTime() - ready) / 1_000_000);
            System.out.flush();
        } finally {
            server.close();
        }
    }

    private static void awaitReady(InetSocketAddress address, long deadline) throws InterruptedException {
        while (true) {
            try (var connection = LoopbackConnection.open(address, Duration.ofSeconds(5))) {
                int status = connection.get("/health/ready");
                if (status >= 200 && status < 300) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet, or reset while starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("/health/ready not ready within " + READY_TIMEOUT);
            }
            Thread.sleep(2);
        }
    }
}
