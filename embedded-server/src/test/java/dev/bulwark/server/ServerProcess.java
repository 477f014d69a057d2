package dev.bulwark.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code bulwark-server} in a process of its own, the way an operator does. */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening at (https?://\\S+)");

    private final Process process;
    private final List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CompletableFuture<URI> baseUri = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        baseUri.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            baseUri.completeExceptionally(new IllegalStateException("The server ended: " + output));
        });
    }

    /** Starts {@code bulwark-server ARGS} with fast hashing. */
    public static ServerProcess start(String... args) throws IOException {
        return startWith(Map.of(), args);
    }

    /** Starts {@code bulwark-server ARGS} with {@code environment} on top of the test settings. */
    public static ServerProcess startWith(Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = builder(args);
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start());
    }

    /** Runs {@code bulwark-server init} for {@code data} with a first administrator whose password is in a file. */
    public static Result initWithAdmin(Path data, String email, Path passwordFile)
            throws IOException, InterruptedException {
        return run(
                "init",
                "--data-dir",
                data.toString(),
                "--admin-email",
                email,
                "--admin-password-file",
                passwordFile.toString());
    }

    /** Runs {@code bulwark-server ARGS} to its end; returns exit code and combined output. */
    public static Result run(String... args) throws IOException, InterruptedException {
        return runWith(Map.of(), args);
    }

    /** Runs {@code bulwark-server ARGS} to its end with {@code environment} on top of the test settings. */
    public static Result runWith(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder builder = builder(args);
        builder.environment().putAll(environment);
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bulwark-server did not end within 60 s: " + out.getNow(""));
        }
        return new Result(p.exitValue(), out.join());
    }

    /** Exit code and combined output of a finished command. */
    public record Result(int exitCode, String output) {}

    private static ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                classPath(),
                "dev.bulwark.server.cli.ServerCli"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("BULWARK_"));
        env.putAll(TestServers.FAST_HASHING);
        dataDir(args).ifPresent(dir -> env.putAll(TestDatabase.environmentFor(dir)));
        return pb;
    }

    /** The {@code --data-dir} a command is given, whose database it must reach as a server on it would. */
    private static Optional<Path> dataDir(String... args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--data-dir")) {
                return Optional.of(Path.of(args[i + 1]));
            }
        }
        return Optional.empty();
    }

    /** The packaged server: its jar and the libraries copied next to it. */
    private static String classPath() {
        Path target = Path.of("target");
        try (var jars = Files.list(target)) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("embedded-server-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("tests"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Package the server first: no jar in target/"));
            return jar.toAbsolutePath() + java.io.File.pathSeparator
                    + target.resolve("lib").toAbsolutePath() + "/*";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the server says where it listens. */
    public URI awaitListening(Duration timeout) throws Exception {
        return baseUri.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Everything the process printed so far. */
    public String output() {
        return String.join("\n", output);
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the process politely (SIGTERM) and returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            killHard();
        }
    }
}
