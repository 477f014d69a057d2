package dev.bulwark.benchmarks.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Measures embedded-server start-up the way the desktop pays it: each sample is a fresh JVM running {@link
 * StartupProbe}, timed from process spawn to the first 2xx answer of {@code GET /health/ready}. Each run starts once
 * on an empty data directory (first run: database created, keys generated) and once more on the same directory
 * (every later start).
 */
@Command(
        name = "startup-benchmark",
        mixinStandardHelpOptions = true,
        description = "Starts the embedded server in fresh JVMs and reports start -> ready times.")
public final class StartupBenchmark implements Callable<Integer> {
    private static final Pattern REPORT =
            Pattern.compile(StartupProbe.REPORT_PREFIX + " start-returned-ms=([0-9.]+) ready-ms=([0-9.]+) .*");
    private static final long PROBE_TIMEOUT_SECONDS = 120;

    @Option(names = "--runs", defaultValue = "10", description = "measured runs, 1-50 (default ${DEFAULT-VALUE})")
    int runs;

    @Option(
            names = "--jvm-option",
            description = "an extra option for the probe JVMs, e.g. -XX:TieredStopAtLevel=1; repeatable")
    List<String> jvmOptions = new ArrayList<>();

    @Option(
            names = "--aot-cache",
            description = "train a JDK AOT cache with one probe run first, then measure with it (as BULWARK_AOT=on)")
    boolean aotCache;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StartupBenchmark()).execute(args));
    }

    /** One probe run: wall time from spawn to the report line, and the probe's own start() to ready time. */
    record Sample(double spawnToReadyMs, double startToReadyMs) {}

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1 || runs > 50) {
            throw new ParameterException(spec.commandLine(), "--runs must be between 1 and 50, got " + runs);
        }
        List<String> measuredOptions = new ArrayList<>(jvmOptions);
        Path aotDir = null;
        if (aotCache) {
            aotDir = Files.createTempDirectory("bulwark-startup-aot-");
            Path cache = aotDir.resolve("probe.aot");
            Path trainingData = aotDir.resolve("training");
            List<String> training = new ArrayList<>(jvmOptions);
            training.add("-XX:AOTCacheOutput=" + cache);
            training.add("-Xlog:aot*=error,cds*=error");
            probe(training, trainingData);
            measuredOptions.add("-XX:AOTCache=" + cache);
            measuredOptions.add("-Xlog:aot*=error,cds*=error");
        }
        try {
            return measure(measuredOptions);
        } finally {
            if (aotDir != null) {
                deleteTree(aotDir);
            }
        }
    }

    private int measure(List<String> options) throws IOException, InterruptedException {
        List<Sample> first = new ArrayList<>();
        List<Sample> restart = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            Path dataDir = Files.createTempDirectory("bulwark-startup-");
            try {
                Sample firstStart = probe(options, dataDir);
                Sample secondStart = probe(options, dataDir);
                if (run == 0) {
                    continue; // warm-up: the file system cache
                }
                first.add(firstStart);
                restart.add(secondStart);
                out.printf(
                        Locale.ROOT,
                        "run %2d: first start %6.0f ms (start() -> ready %6.0f), restart %6.0f ms (%6.0f)%n",
                        run,
                        firstStart.spawnToReadyMs(),
                        firstStart.startToReadyMs(),
                        secondStart.spawnToReadyMs(),
                        secondStart.startToReadyMs());
            } finally {
                deleteTree(dataDir);
            }
        }

        out.printf(
                Locale.ROOT,
                "%n%d runs after 1 warm-up; Java %s; %d cores; JVM options %s%n",
                runs,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                options.isEmpty() ? "(none)" : String.join(" ", options));
        out.printf(Locale.ROOT, "%-44s %8s %8s %8s %8s%n", "ms", "median", "p90", "min", "max");
        row("first start: process spawn -> ready", first, Sample::spawnToReadyMs);
        row("first start: start() -> ready", first, Sample::startToReadyMs);
        row("restart: process spawn -> ready", restart, Sample::spawnToReadyMs);
        row("restart: start() -> ready", restart, Sample::startToReadyMs);
        return 0;
    }

    private void row(String label, List<Sample> samples, ToDoubleFunction<Sample> metric) {
        double[] values = samples.stream().mapToDouble(metric).sorted().toArray();
        out.printf(
                Locale.ROOT,
                "%-44s %8.0f %8.0f %8.0f %8.0f%n",
                label,
                percentile(values, 50),
                percentile(values, 90),
                values[0],
                values[values.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private Sample probe(List<String> options, Path dataDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StartupProbe.class.getName());
        command.add(dataDir.toString());

        Path errors = Files.createTempFile("bulwark-startup-", ".err");
        try {
            long spawned = System.nanoTime();
            Process process =
                    new ProcessBuilder(command).redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            var report = new CompletableFuture<Sample>();
            Thread.ofVirtual().start(() -> readReport(process, spawned, report));
            Sample sample;
            try {
                sample = report.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the probe reported no start-up time (" + e + "):\n"
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the probe did not stop within " + PROBE_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the probe failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return sample;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** Reads the probe's output to its end, completing {@code report} at the report line. */
    private static void readReport(Process process, long spawned, CompletableFuture<Sample> report) {
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher matcher = REPORT.matcher(line);
                if (!report.isDone() && matcher.matches()) {
                    double spawnToReady = (System.nanoTime() - spawned) / 1e6;
                    report.complete(new Sample(spawnToReady, Double.parseDouble(matcher.group(2))));
                }
            }
            report.completeExceptionally(new IllegalStateException("output ended without a report line"));
        } catch (IOException e) {
            report.completeExceptionally(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
