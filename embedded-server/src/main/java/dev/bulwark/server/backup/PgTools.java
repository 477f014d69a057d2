package dev.bulwark.server.backup;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's client programs for backups (docs/decisions/0030-encrypted-backups.md, "PostgreSQL"): where {@code
 * pg_dump} and {@code pg_restore} are, which major version they are, and running them with the connection in their
 * environment, their standard output streamed and their standard error kept for the sentence of a failure.
 *
 * <p>The version rule: {@code pg_dump} must be of the server's major version or newer (an older one refuses to
 * dump a newer server), and {@code pg_restore} of the major version of the {@code pg_dump} that made the archive or
 * newer (an older one cannot read a newer archive).
 */
final class PgTools {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    /** How much of a tool's standard error is kept; the rest is dropped. */
    private static final int STDERR_LIMIT = 64 * 1024;

    private PgTools() {}

    /**
     * The program {@code name} ({@code pg_dump} or {@code pg_restore}): beside {@code configured} when the setting
     * {@code backup.pg-dump} names one, else the newest {@code /usr/lib/postgresql/N/bin}, else {@code PATH}.
     */
    static Optional<Path> find(String name, Optional<Path> configured) {
        return find(name, configured, DEBIAN_VERSIONS, System.getenv().getOrDefault("PATH", ""));
    }

    static Optional<Path> find(String name, Optional<Path> configured, Path versionsRoot, String path) {
        if (configured.isPresent()) {
            Path c = configured.get();
            return Optional.of(name.equals("pg_dump") || c.getParent() == null ? c : c.resolveSibling(name));
        }
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(versionsRoot)) {
            try (Stream<Path> versions = Files.list(versionsRoot)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble((Path v) ->
                                        Double.parseDouble(v.getFileName().toString()))
                                .reversed())
                        .map(v -> v.resolve("bin").resolve(name))
                        .forEach(candidates::add);
            } catch (IOException e) {
                // not readable: PATH below
            }
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir).resolve(name));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** The major version in a tool's {@code --version} line, {@code pg_dump (PostgreSQL) 15.18 (Debian …)} → 15. */
    static int majorOf(String versionLine) {
        Matcher m = VERSION.matcher(versionLine);
        if (!m.find()) {
            throw new IllegalArgumentException("not a PostgreSQL version line");
        }
        return Integer.parseInt(m.group(1));
    }

    /** The version in a tool's {@code --version} line, {@code 15.18}. */
    static String versionOf(String versionLine) {
        Matcher m = VERSION.matcher(versionLine);
        if (!m.find()) {
            throw new IllegalArgumentException("not a PostgreSQL version line");
        }
        return m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
    }

    /**
     * Refuses a {@code pg_dump} older than the server: the sentence says which version to install.
     *
     * @throws ApiException {@code backup-failed}
     */
    static void requireDumpCanReadServer(String pgDumpVersionLine, int serverMajor) {
        int major;
        try {
            major = majorOf(pgDumpVersionLine);
        } catch (IllegalArgumentException e) {
            throw ApiException.of(
                    ProblemType.BACKUP_FAILED,
                    "The backup needs pg_dump " + serverMajor + " or later, and the pg_dump found does not say its"
                            + " version; install postgresql-client-" + serverMajor
                            + " or name it with backup.pg-dump.");
        }
        if (major < serverMajor) {
            throw ApiException.of(
                    ProblemType.BACKUP_FAILED,
                    "pg_dump " + major + " cannot back up PostgreSQL " + serverMajor + "; install pg_dump "
                            + serverMajor + " or later (postgresql-client-" + serverMajor
                            + "), or name it with backup.pg-dump.");
        }
    }

    /**
     * Refuses a {@code pg_restore} older than the {@code pg_dump} that made the archive.
     *
     * @throws ApiException {@code backup-refused}
     */
    static void requireRestoreCanReadDump(String pgRestoreVersionLine, String dumpVersion) {
        if (dumpVersion == null || dumpVersion.isBlank()) {
            return;
        }
        int dumpMajor = Integer.parseInt(dumpVersion.split("\\.")[0]);
        int major;
        try {
            major = majorOf(pgRestoreVersionLine);
        } catch (IllegalArgumentException e) {
            major = -1;
        }
        if (major < dumpMajor) {
            throw ApiException.of(
                    ProblemType.BACKUP_REFUSED,
                    "pg_restore " + (major < 0 ? "of an unknown version" : major)
                            + " cannot read a backup made by pg_dump " + dumpVersion + "; install pg_restore "
                            + dumpMajor + " or later (postgresql-client-" + dumpMajor + ").");
        }
    }

    /** What a finished tool left: its exit code and the start of its standard error. */
    record Result(int exitCode, String stderr, IOException inputFailure) {
        /** The first error line, without the program's prefix, or {@code fallback}. */
        String firstError(String fallback) {
            for (String line : stderr.split("\n")) {
                String l = line.strip();
                int at = l.indexOf(": error: ");
                if (at >= 0) {
                    return clip(l.substring(at + ": error: ".length()));
                }
            }
            for (String line : stderr.split("\n")) {
                if (!line.isBlank()) {
                    return clip(line.strip());
                }
            }
            return fallback;
        }

        private static String clip(String s) {
            String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
            return t.length() > 300 ? t.substring(0, 300) + "…" : t;
        }
    }

    /** The first line {@code program --version} prints. */
    static String versionLine(Path program) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Result r = run(List.of(program.toString(), "--version"), Map.of(), null, out, 30);
        if (r.exitCode() != 0) {
            throw new IOException(program.getFileName() + " --version failed");
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /**
     * Runs {@code command} with {@code environment} added to this process's environment minus every {@code PG*}
     * variable; {@code stdin} (may be null) is fed to it from another thread, its standard output is copied into
     * {@code stdout} on this thread. The command line holds no secret: passwords travel in the environment.
     *
     * @throws IOException when {@code stdout} cannot be written, or the program cannot start or does not end
     */
    static Result run(
            List<String> command,
            Map<String, String> environment,
            InputStream stdin,
            OutputStream stdout,
            long timeoutSecondsAfterOutput)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.remove("LC_ALL");
        env.put("LC_MESSAGES", "C");
        env.putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread stderrReader = Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream err = process.getErrorStream()) {
                for (int n; (n = err.read(buffer)) >= 0; ) {
                    synchronized (errors) {
                        if (errors.size() < STDERR_LIMIT) {
                            errors.write(buffer, 0, Math.min(n, STDERR_LIMIT - errors.size()));
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        IOException[] inputFailure = new IOException[1];
        Thread feeder = null;
        if (stdin == null) {
            process.getOutputStream().close();
        } else {
            feeder = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (OutputStream toProcess = process.getOutputStream()) {
                    while (true) {
                        int n;
                        try {
                            n = stdin.read(buffer);
                        } catch (IOException e) {
                            inputFailure[0] = e; // the payload failed to decrypt: the tool sees it end early
                            return;
                        }
                        if (n < 0) {
                            return;
                        }
                        toProcess.write(buffer, 0, n);
                    }
                } catch (IOException e) {
                    // the tool stopped reading (it failed, or it needed no more); its exit code tells
                }
            });
        }
        boolean done = false;
        try (InputStream out = process.getInputStream()) {
            if (stdout == null) {
                out.transferTo(OutputStream.nullOutputStream());
            } else {
                out.transferTo(stdout);
            }
            if (!process.waitFor(timeoutSecondsAfterOutput, TimeUnit.SECONDS)) {
                throw new IOException(command.getFirst() + " did not end");
            }
            if (feeder != null) {
                feeder.join(TimeUnit.SECONDS.toMillis(timeoutSecondsAfterOutput));
            }
            stderrReader.join(TimeUnit.SECONDS.toMillis(10));
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while " + Path.of(command.getFirst()).getFileName() + " ran");
        } finally {
            if (!done) {
                process.destroyForcibly();
                if (feeder != null) {
                    feeder.interrupt();
                }
            }
        }
        String text;
        synchronized (errors) {
            text = errors.toString(StandardCharsets.UTF_8);
        }
        return new Result(process.exitValue(), text, inputFailure[0]);
    }
}
