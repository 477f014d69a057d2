package dev.bulwark.benchmarks.http;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A closed-loop HTTP load generator for a Bulwark server on this machine: each connection is a virtual thread that
 * sends GET requests back to back over keep-alive. Bounded in connections, time and request count, loopback only.
 */
@Command(
        name = "load-driver",
        mixinStandardHelpOptions = true,
        description = "Sends GET requests to a Bulwark server on this machine and reports throughput and latency.")
public final class LoadDriver implements Callable<Integer> {
    static final int MAX_CONNECTIONS = 256;
    static final int MAX_SECONDS = 300;
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(10);
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Option(
            names = "--url",
            required = true,
            description = "http://127.0.0.1:PORT/path (loopback only), e.g. http://127.0.0.1:8080/health/ready")
    URI url;

    @Option(
            names = "--connections",
            defaultValue = "16",
            description = "concurrent keep-alive connections, 1-" + MAX_CONNECTIONS + " (default ${DEFAULT-VALUE})")
    int connections;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "measured duration, 1-" + MAX_SECONDS + " s (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "3",
            description = "unmeasured warm-up before, 0-60 s (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(
            names = "--max-requests",
            defaultValue = "20000000",
            description = "stop after this many measured requests (default ${DEFAULT-VALUE})")
    long maxRequests;

    @Option(
            names = "--bearer-env",
            description = "name of an environment variable holding a bearer token to send (kept off the command line)")
    String bearerEnv;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    LoadDriver(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadDriver(System.out)).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        validate();
        InetSocketAddress address;
        try {
            address = LoopbackConnection.loopbackAddress(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }

        String headers = bearerHeader();
        out.printf(
                "target %s, %d connections, %d s warm-up, %d s measured%n", url, connections, warmupSeconds, seconds);
        if (warmupSeconds > 0) {
            runPhase(address, path, headers, Duration.ofSeconds(warmupSeconds), Long.MAX_VALUE);
        }
        Result result = runPhase(address, path, headers, Duration.ofSeconds(seconds), maxRequests);
        result.print(out);
        return result.requests() > 0 && result.ioErrors() == 0 ? 0 : 1;
    }

    private String bearerHeader() {
        if (bearerEnv == null) {
            return "";
        }
        String token = System.getenv(bearerEnv);
        if (token == null || token.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--bearer-env: the variable " + bearerEnv + " is not set");
        }
        return "Authorization: Bearer " + token.strip() + "\r\n";
    }

    private void validate() {
        requireRange("--connections", connections, 1, MAX_CONNECTIONS);
        requireRange("--seconds", seconds, 1, MAX_SECONDS);
        requireRange("--warmup-seconds", warmupSeconds, 0, 60);
        if (maxRequests < 1) {
            throw new ParameterException(spec.commandLine(), "--max-requests must be at least 1");
        }
    }

    private void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(
                    spec.commandLine(), option + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private Result runPhase(
            InetSocketAddress address, String path, String headers, Duration duration, long requestBudget)
            throws InterruptedException, ExecutionException {
        var budget = new AtomicLong(requestBudget);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<Worker>> futures = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                futures.add(executor.submit(() -> new Worker(address, path, headers).run(deadline, budget)));
            }
        }
        long elapsed = System.nanoTime() - start;

        var latencies = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        long requests = 0;
        long non2xx = 0;
        long ioErrors = 0;
        for (Future<Worker> future : futures) {
            Worker worker = future.get();
            latencies.add(worker.latencies);
            requests += worker.requests;
            non2xx += worker.non2xx;
            ioErrors += worker.ioErrors;
        }
        return new Result(requests, non2xx, ioErrors, elapsed, latencies);
    }

    /** One connection's loop and its own counters, merged after the phase. */
    private static final class Worker {
        private final InetSocketAddress address;
        private final String path;
        private final String headers;
        final Histogram latencies = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        long requests;
        long non2xx;
        long ioErrors;

        Worker(InetSocketAddress address, String path, String headers) {
            this.address = address;
            this.path = path;
            this.headers = headers;
        }

        Worker run(long deadline, AtomicLong budget) throws InterruptedException {
            LoopbackConnection connection = null;
            int consecutiveFailures = 0;
            try {
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    long sent = System.nanoTime();
                    try {
                        if (connection == null || !connection.isReusable()) {
                            closeQuietly(connection);
                            connection = LoopbackConnection.open(address, IO_TIMEOUT);
                        }
                        int status = connection.get(path, headers);
                        latencies.recordValue(Math.min(System.nanoTime() - sent, HIGHEST_LATENCY_NANOS));
                        requests++;
                        if (status < 200 || status > 299) {
                            non2xx++;
                        }
                        consecutiveFailures = 0;
                    } catch (IOException e) {
                        ioErrors++;
                        closeQuietly(connection);
                        connection = null;
                        if (++consecutiveFailures >= 50) {
                            return this;
                        }
                        Thread.sleep(20);
                    }
                }
                return this;
            } finally {
                closeQuietly(connection);
            }
        }

        private static void closeQuietly(LoopbackConnection connection) {
            if (connection == null) {
                return;
            }
            try {
                connection.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
    }

    record Result(long requests, long non2xx, long ioErrors, long elapsedNanos, Histogram latencies) {
        double throughput() {
            return requests / (elapsedNanos / 1e9);
        }

        void print(PrintStream out) {
            out.printf(
                    "requests %d in %.1f s = %.0f req/s; non-2xx %d; I/O errors %d%n",
                    requests, elapsedNanos / 1e9, throughput(), non2xx, ioErrors);
            out.printf(
                    "latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                    millis(50), millis(90), millis(99), millis(99.9), latencies.getMaxValue() / 1e6);
        }

        private double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }
}
