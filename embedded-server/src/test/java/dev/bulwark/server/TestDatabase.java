package dev.bulwark.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The database a test server runs on. By default an H2 file in the server's data directory, as in production's
 * single-node bundle. With the system property {@code bulwark.test.postgresql} set to the JDBC URL of a
 * throw-away PostgreSQL cluster's database (for example {@code jdbc:postgresql://127.0.0.1:5433/postgres}, a
 * superuser {@code postgres} without password, as {@code ./bulwark test} starts it), every data directory gets a
 * schema of its own in that database (schemas are cheap, databases are 8 MB each), created on first use and
 * remembered in the directory, so a server restarted on the same directory finds its data again.
 */
public final class TestDatabase {
    private static final String CLUSTER_PROPERTY = "bulwark.test.postgresql";
    private static final String MARKER = ".test-postgresql-database";

    private TestDatabase() {}

    /** Whether this run puts test servers on PostgreSQL. */
    public static boolean postgresql() {
        return cluster().isPresent();
    }

    /** The settings (as environment variables) that put a server on {@code dataDir}'s database. */
    public static Map<String, String> environmentFor(Path dataDir) {
        return cluster()
                .map(c -> Map.of(
                        "BULWARK_DATABASE_URL",
                        schemaUrl(c, schemaFor(c, dataDir)),
                        "BULWARK_DATABASE_USERNAME",
                        "postgres"))
                .orElse(Map.of());
    }

    /**
     * Puts a server on {@code to} on the same database as one on {@code from}, as a second node of it: the same
     * PostgreSQL schema. Only for PostgreSQL runs (an H2 file has one process).
     */
    public static void shareDatabase(Path from, Path to) {
        String cluster = cluster().orElseThrow(() -> new IllegalStateException("Nodes share PostgreSQL only"));
        String schema = schemaFor(cluster, from);
        try {
            Files.createDirectories(to);
            Files.writeString(to.resolve(MARKER), schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A direct connection to {@code dataDir}'s database, as someone with access to the disk or the cluster. */
    public static Connection connect(Path dataDir) throws SQLException {
        Optional<String> cluster = cluster();
        if (cluster.isEmpty()) {
            return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("bulwark"), "bulwark", "");
        }
        return DriverManager.getConnection(schemaUrl(cluster.get(), schemaFor(cluster.get(), dataDir)), "postgres", "");
    }

    private static Optional<String> cluster() {
        String url = System.getProperty(CLUSTER_PROPERTY, "");
        return url.isBlank() ? Optional.empty() : Optional.of(url);
    }

    private static synchronized String schemaFor(String cluster, Path dataDir) {
        Path marker = dataDir.resolve(MARKER);
        try {
            if (Files.exists(marker)) {
                return Files.readString(marker).strip();
            }
            String name = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
            try (Connection c = DriverManager.getConnection(cluster, "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + name);
            }
            Files.createDirectories(dataDir);
            Files.writeString(marker, name);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test schema in " + cluster, e);
        }
    }

    private static String schemaUrl(String cluster, String schema) {
        return cluster + (cluster.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
