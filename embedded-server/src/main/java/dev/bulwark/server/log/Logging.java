package dev.bulwark.server.log;

import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes the server's logs (and Helidon's, through java.util.logging) to standard error as JSON lines. */
public final class Logging {
    private static final java.util.concurrent.atomic.AtomicBoolean CONFIGURED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private Logging() {}

    /**
     * Configures logging the first time it is called in this process. A standalone server logs to standard
     * error (systemd and containers collect it); the server inside the desktop logs to {@code
     * logs/server.log} in its data directory, rotated at 10 MiB, so the console's output stays clean.
     */
    public static void configureOnce(java.nio.file.Path logDirectory) {
        if (CONFIGURED.compareAndSet(false, true)) {
            configure();
            if (logDirectory != null) {
                toFile(logDirectory);
            }
        }
    }

    private static void toFile(java.nio.file.Path directory) {
        Logger root = Logger.getLogger("");
        try {
            java.nio.file.Files.createDirectories(directory);
            FileHandler file =
                    new FileHandler(directory.resolve("server.%g.log").toString(), 10 * 1024 * 1024, 5, true);
            file.setFormatter(new JsonLogFormatter());
            file.setLevel(root.getLevel());
            removeConsoleHandlers(root);
            root.addHandler(file);
        } catch (java.io.IOException e) {
            // keep logging to standard error rather than not at all
            root.log(Level.WARNING, "Cannot write logs to " + directory + "; logging to standard error instead");
        }
    }

    /** Installs the JSON formatter on the root logger; {@code BULWARK_LOG_LEVEL} may raise or lower the level. */
    public static void configure() {
        Logger root = Logger.getLogger("");
        removeConsoleHandlers(root);
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new JsonLogFormatter());
        Level level = parse(System.getenv("BULWARK_LOG_LEVEL"));
        console.setLevel(level);
        root.setLevel(level);
        root.addHandler(console);
        quiet("com.zaxxer.hikari", Level.WARNING);
        quiet("org.flywaydb", Level.WARNING);
        quiet("io.helidon", level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
    }

    private static void removeConsoleHandlers(Logger root) {
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                root.removeHandler(h);
            }
        }
    }

    // java.util.logging keeps loggers weakly: hold the configured ones so their levels stick.
    private static final java.util.List<Logger> QUIETED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static void quiet(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        QUIETED.add(logger);
    }

    private static Level parse(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        return switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "DEBUG", "FINE" -> Level.FINE;
            case "TRACE", "FINEST" -> Level.FINEST;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR", "SEVERE" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }
}
