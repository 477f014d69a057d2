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
     * Puts the server on {@code dataDir} on the database of the server on {@code firstDataDir}, as the second node
     * of one installation is: each node keeps its own data directory (logs, TLS files), the database is one. Only
     * PostgreSQL can be shared; an H2 file belongs to the one process that opened it.
     */
    public static void shareDatabase(Path dataDir, Path firstDataDir) {
        String cluster = cluster()
                .orElseThrow(
                        () -> new IllegalStateException("Only a PostgreSQL database can be shared by two servers"));
        String schema = schemaFor(cluster, firstDataDir);
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(MARKER), schema);
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

    /**
     * Everything the database holds for {@code dataDir}, as someone reading its storage would see it: the H2 file's
     * bytes, or on PostgreSQL every value of every table of its schema (text as UTF-8, binary columns raw, so a
     * plain-text secret in a {@code bytea} column is found too). For tests that plant secrets and look for them.
     */
    public static byte[] storedContent(Path dataDir) {
        try {
            if (!postgresql()) {
                return Files.readAllBytes(dataDir.resolve("bulwark.mv.db"));
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (Connection c = connect(dataDir)) {
                java.util.List<String> tables = new java.util.ArrayList<>();
                try (java.sql.ResultSet r =
                        c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                    while (r.next()) {
                        tables.add(r.getString("TABLE_NAME"));
                    }
                }
                for (String table : tables) {
                    try (Statement s = c.createStatement();
                            java.sql.ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                        java.sql.ResultSetMetaData meta = r.getMetaData();
                        while (r.next()) {
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                int type = meta.getColumnType(i);
                                byte[] value = type == java.sql.Types.BINARY
                                                || type == java.sql.Types.VARBINARY
                                                || type == java.sql.Types.LONGVARBINARY
                                                || type == java.sql.Types.BLOB
                                        ? r.getBytes(i)
                                        : r.getString(i) == null
                                                ? null
                                                : r.getString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                                if (value != null) {
                                    out.writeBytes(value);
                                    out.write('\n');
                                }
                            }
                        }
                    }
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the test database of " + dataDir, e);
        }
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
