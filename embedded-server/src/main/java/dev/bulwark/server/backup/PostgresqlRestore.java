package dev.bulwark.server.backup;

import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * Restore and restore test of a PostgreSQL backup (docs/decisions/0030-encrypted-backups.md, "PostgreSQL").
 *
 * <p>{@code pg_restore} cannot rename a schema, so a backup is always loaded into a schema of the name it was dumped
 * from. A restore therefore fills that schema in the target database, which must be empty; a restore test creates a
 * temporary database ({@code CREATE DATABASE bulwark_restore_test_<random>}, which needs the CREATEDB privilege) on
 * the server's own PostgreSQL, loads the backup there, runs the checks of every restore and drops the database.
 */
final class PostgresqlRestore {
    private PostgresqlRestore() {}

    static Restorer.RestoredDatabase restore(
            BackupFile.Opened opened,
            Restorer.DatabaseTarget target,
            Path dataDirectory,
            Restorer.KeySource key,
            ServerSettings template,
            Clock clock) {
        long started = System.nanoTime();
        BackupManifest manifest = requirePostgresql(opened);
        String schema = manifest.databaseSchema();
        PostgresqlUrl url = parse(target.url());
        Optional<String> named = url.currentSchema();
        if (named.isPresent() && !named.get().equals(schema)) {
            throw ApiException.of(
                    ProblemType.BACKUP_REFUSED,
                    "The backup holds the schema " + schema + ", and pg_restore cannot rename a schema; restore it into"
                            + " a URL with currentSchema=" + schema
                            + " or without currentSchema. Nothing was written.");
        }
        requireSameKey(dataDirectory, key);
        Path work = null;
        String database;
        boolean created;
        try (Connection c = connect(target.url(), target.username(), target.password())) {
            database = currentDatabase(c);
            long relations = relationsIn(c, schema);
            boolean exists = schemaExists(c, schema);
            if (relations > 0) {
                throw ApiException.of(
                        ProblemType.CONFLICT,
                        "The schema " + schema + " of the database " + url.describe(database) + " is not empty ("
                                + relations + " tables or other relations); restore into an empty database or schema."
                                + " Nothing was written.");
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + PostgresqlDump.quoted(schema));
                }
            }
            created = !exists;
        } catch (SQLException e) {
            throw unreachable(target.url(), target.password(), e);
        }
        String servedUrl = url.withDatabase(database, schema);
        boolean done = false;
        try {
            PostgresqlDump.restore(
                    payload(opened),
                    new PostgresqlDump.Target(url, database, target.username(), target.password(), schema),
                    schema,
                    manifest.dumpVersion(),
                    template.backup().pgDump());
            Restorer.Counts counts;
            try (Connection c = connect(servedUrl, target.username(), target.password())) {
                counts = Restorer.checkCounts(opened, c);
            }
            work = Files.createTempDirectory("bulwark-restore-");
            Restorer.checkServer(
                    opened, work, key, databaseSettings(servedUrl, target.username(), target.password()), true, clock);
            boolean installed = installKey(dataDirectory, key);
            done = true;
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Restorer.RestoredDatabase(
                    servedUrl,
                    schema,
                    new Restorer.Checked(
                            manifest,
                            counts.users(),
                            counts.groups(),
                            counts.vaultEntries(),
                            manifest.auditHeadSeq(),
                            millis),
                    installed);
        } catch (IOException e) {
            throw ApiException.of(
                    ProblemType.BACKUP_REFUSED,
                    "The backup could not be restored (" + e.getClass().getSimpleName() + "); nothing was left in the"
                            + " database.");
        } catch (SQLException e) {
            throw BackupFile.refused(opened.file(), "is damaged: its database could not be read after loading.");
        } finally {
            if (work != null) {
                Restorer.deleteTree(work);
            }
            if (!done) {
                undo(target, schema, created);
            }
        }
    }

    static Restorer.Checked test(
            BackupFile.Opened opened, Path scratch, Restorer.KeySource key, ServerSettings template, Clock clock) {
        long started = System.nanoTime();
        BackupManifest manifest = requirePostgresql(opened);
        String schema = manifest.databaseSchema();
        Optional<String> serverUrl = template.database().url().filter(u -> u.startsWith("jdbc:postgresql:"));
        if (serverUrl.isEmpty()) {
            throw BackupFile.refused(
                    opened.file(),
                    "holds a PostgreSQL database, and its restore test needs a PostgreSQL server to load it into; set"
                            + " database.url (BULWARK_DATABASE_URL) to one where the database user may create"
                            + " databases.");
        }
        String username = template.database().username();
        Secret password = template.database().password();
        PostgresqlUrl url = parse(serverUrl.get());
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String temporary = "bulwark_restore_test_" + HexFormat.of().formatHex(random);
        try (Connection admin = connect(serverUrl.get(), username, password)) {
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE " + PostgresqlDump.quoted(temporary));
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState())) {
                    throw ApiException.of(
                            ProblemType.BACKUP_REFUSED,
                            "The restore test of a PostgreSQL backup loads it into a temporary database, and the"
                                    + " database user " + username + " may not create one; grant it with ALTER ROLE "
                                    + PostgresqlDump.quoted(username) + " CREATEDB.");
                }
                throw ApiException.of(
                        ProblemType.BACKUP_REFUSED,
                        "The restore test could not create its temporary database: " + redact(e.getMessage(), password)
                                + ".");
            }
            Path work = scratch.resolve(".restore-test-" + UUID.randomUUID());
            try {
                String copyUrl = url.withDatabase(temporary, schema);
                try (Connection c = connect(copyUrl, username, password);
                        Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + PostgresqlDump.quoted(schema));
                }
                PostgresqlDump.restore(
                        payload(opened),
                        new PostgresqlDump.Target(url, temporary, username, password, schema),
                        schema,
                        manifest.dumpVersion(),
                        template.backup().pgDump());
                Restorer.Counts counts;
                try (Connection c = connect(copyUrl, username, password)) {
                    counts = Restorer.checkCounts(opened, c);
                }
                Files.createDirectories(scratch);
                Restorer.createOwnerOnlyDirectory(work);
                Restorer.checkServer(opened, work, key, databaseSettings(copyUrl, username, password), false, clock);
                long millis = (System.nanoTime() - started) / 1_000_000;
                return new Restorer.Checked(
                        manifest,
                        counts.users(),
                        counts.groups(),
                        counts.vaultEntries(),
                        manifest.auditHeadSeq(),
                        millis);
            } catch (IOException e) {
                throw ApiException.of(
                        ProblemType.BACKUP_REFUSED,
                        "The restore test could not run (" + e.getClass().getSimpleName() + ").");
            } catch (SQLException e) {
                throw BackupFile.refused(opened.file(), "is damaged: its database could not be read after loading.");
            } finally {
                Restorer.deleteTree(work);
                dropDatabase(admin, temporary);
            }
        } catch (SQLException e) {
            throw unreachable(serverUrl.get(), password, e);
        }
    }

    private static BackupManifest requirePostgresql(BackupFile.Opened opened) {
        BackupManifest manifest = opened.manifest();
        if (!manifest.databaseKind().equals("postgresql")) {
            throw BackupFile.refused(
                    opened.file(),
                    "holds an H2 database, which is restored into a data directory (without --to-database); move it"
                            + " onto PostgreSQL afterwards with migrate-data.");
        }
        if (manifest.databaseSchema() == null || manifest.databaseSchema().isBlank()) {
            throw BackupFile.refused(opened.file(), "is damaged: its manifest names no database schema.");
        }
        return manifest;
    }

    private static PostgresqlDump.Payload payload(BackupFile.Opened opened) {
        return () -> {
            InputStream decrypted = opened.payload();
            try {
                return new GZIPInputStream(decrypted, 64 * 1024);
            } catch (IOException e) {
                decrypted.close();
                throw e;
            }
        };
    }

    private static Map<String, String> databaseSettings(String url, String username, Secret password) {
        Map<String, String> settings = new HashMap<>();
        settings.put("database.url", url);
        settings.put("database.username", username);
        settings.put("database.password", password.reveal());
        return settings;
    }

    /** Takes away what a restore loaded before it failed: the schema it created, or the tables it filled. */
    private static void undo(Restorer.DatabaseTarget target, String schema, boolean created) {
        try (Connection c = connect(target.url(), target.username(), target.password());
                Statement s = c.createStatement()) {
            if (created) {
                s.execute("DROP SCHEMA IF EXISTS " + PostgresqlDump.quoted(schema) + " CASCADE");
                return;
            }
            List<String> drops = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT c.relname, c.relkind FROM pg_class c JOIN"
                    + " pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN"
                    + " ('r', 'p', 'v', 'm', 'S', 'f')")) {
                q.setString(1, schema);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        String kind =
                                switch (r.getString(2)) {
                                    case "v" -> "VIEW";
                                    case "m" -> "MATERIALIZED VIEW";
                                    case "S" -> "SEQUENCE";
                                    case "f" -> "FOREIGN TABLE";
                                    default -> "TABLE";
                                };
                        drops.add("DROP " + kind + " IF EXISTS " + PostgresqlDump.quoted(schema) + "."
                                + PostgresqlDump.quoted(r.getString(1)) + " CASCADE");
                    }
                }
            }
            for (String drop : drops) {
                s.execute(drop);
            }
        } catch (SQLException e) {
            System.getLogger(PostgresqlRestore.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "A failed restore could not be removed from the schema {0}; drop it by hand",
                            schema);
        }
    }

    private static void dropDatabase(Connection admin, String name) {
        try (Statement s = admin.createStatement()) {
            boolean force = admin.getMetaData().getDatabaseMajorVersion() >= 13;
            s.execute("DROP DATABASE IF EXISTS " + PostgresqlDump.quoted(name) + (force ? " WITH (FORCE)" : ""));
        } catch (SQLException e) {
            System.getLogger(PostgresqlRestore.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "The restore test's temporary database {0} could not be dropped; drop it by hand",
                            name);
        }
    }

    /** If the directory the restored server is served from has a master key, it must be the one given. */
    private static void requireSameKey(Path dataDirectory, Restorer.KeySource key) {
        Path existing = dataDirectory.resolve(dev.bulwark.server.crypto.MasterKey.FILE_NAME);
        if (key.keyFile().isEmpty() || Files.notExists(existing)) {
            return;
        }
        try {
            if (Files.mismatch(existing, key.keyFile().get()) != -1) {
                throw ApiException.of(
                        ProblemType.CONFLICT,
                        "The data directory " + dataDirectory.toAbsolutePath() + " holds another master key than "
                                + key.describe() + "; give a new or empty data directory. Nothing was written.");
            }
        } catch (IOException e) {
            throw ApiException.of(ProblemType.CONFLICT, "The master key in " + dataDirectory + " cannot be read.");
        }
    }

    private static boolean installKey(Path dataDirectory, Restorer.KeySource key) throws IOException {
        Path existing = dataDirectory.resolve(dev.bulwark.server.crypto.MasterKey.FILE_NAME);
        if (key.keyFile().isEmpty() || Files.exists(existing)) {
            return false;
        }
        if (Files.notExists(dataDirectory)) {
            Files.createDirectories(dataDirectory.toAbsolutePath().getParent());
            Restorer.createOwnerOnlyDirectory(dataDirectory);
        }
        key.install(dataDirectory, new HashMap<>(), new HashMap<>());
        return true;
    }

    private static PostgresqlUrl parse(String url) {
        try {
            return PostgresqlUrl.parse(url);
        } catch (RuntimeException e) {
            throw ApiException.of(ProblemType.BACKUP_REFUSED, "The database URL is not a jdbc:postgresql: URL.");
        }
    }

    private static Connection connect(String url, String username, Secret password) throws SQLException {
        return DriverManager.getConnection(url, username, password.reveal());
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT current_database()")) {
            r.next();
            return r.getString(1);
        }
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static long relationsIn(Connection c, String schema) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static ApiException unreachable(String url, Secret password, SQLException e) {
        String where;
        try {
            where = PostgresqlUrl.parse(url).describe(null);
        } catch (RuntimeException notAUrl) {
            where = "the given URL";
        }
        return ApiException.of(
                ProblemType.BACKUP_REFUSED,
                "The PostgreSQL database " + where + " could not be used for the restore: "
                        + redact(e.getMessage(), password) + ". Nothing was written.");
    }

    private static String redact(String message, Secret password) {
        String text = message == null ? "no reason given" : message.strip();
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        String secret = password.reveal();
        return secret.isEmpty() ? text : text.replace(secret, "[password]");
    }
}
