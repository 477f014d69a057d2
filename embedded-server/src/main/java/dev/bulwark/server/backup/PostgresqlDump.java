package dev.bulwark.server.backup;

import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL (docs/decisions/0030-encrypted-backups.md, "PostgreSQL"): the backup's connection opens a REPEATABLE
 * READ transaction and exports its snapshot ({@code pg_export_snapshot()}); the manifest's facts are read on that
 * connection and {@code pg_dump -Fc --snapshot=ID --schema=S} dumps the very same state, its standard output
 * streamed into the encrypting stream, so no plain text reaches the disk. A restore feeds the decrypted archive to
 * {@code pg_restore --single-transaction --exit-on-error}, which loads all of it or nothing.
 *
 * <p>The connection (hosts, port, database, user, TLS properties) is taken from {@code database.url}; the password
 * travels in {@code PGPASSWORD}, never on a command line, in a log line or in a sentence.
 */
final class PostgresqlDump implements DatabaseDump {
    private final PostgresqlUrl url;
    private final String username;
    private final Secret password;
    private final Optional<Path> configuredPgDump;
    /** The database the last snapshot was taken in (the connection knows it better than the URL). */
    private volatile String database;

    PostgresqlDump(String jdbcUrl, String username, Secret password, Optional<Path> configuredPgDump) {
        this.url = PostgresqlUrl.parse(jdbcUrl);
        this.username = username;
        this.password = password;
        this.configuredPgDump = configuredPgDump;
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    public Snapshot beginSnapshot(Connection c) throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        String exported;
        String schema;
        String database;
        int serverMajor;
        try (PreparedStatement s = c.prepareStatement("SELECT pg_export_snapshot(), current_schema(),"
                        + " current_database(), current_setting('server_version_num')::int / 10000");
                ResultSet r = s.executeQuery()) {
            r.next();
            exported = r.getString(1);
            schema = r.getString(2);
            database = r.getString(3);
            serverMajor = r.getInt(4);
        }
        if (schema == null) {
            throw ApiException.of(
                    ProblemType.BACKUP_FAILED,
                    "The database connection has no current schema to back up; check currentSchema in database.url.");
        }
        Path pgDump = pgDump();
        String versionLine;
        try {
            versionLine = PgTools.versionLine(pgDump);
        } catch (IOException e) {
            throw ApiException.of(
                    ProblemType.BACKUP_FAILED,
                    "The backup needs pg_dump, and " + pgDump + " could not be run; install postgresql-client-"
                            + serverMajor + " or name it with backup.pg-dump.");
        }
        PgTools.requireDumpCanReadServer(versionLine, serverMajor);
        this.database = database;
        return new Snapshot(exported, schema, PgTools.versionOf(versionLine));
    }

    @Override
    public void dump(Connection c, Snapshot snapshot, OutputStream out) throws IOException {
        List<String> command = List.of(
                pgDump().toString(),
                "--format=custom",
                "--compress=0", // the backup compresses the whole payload itself
                "--no-owner",
                "--no-privileges",
                "--no-password",
                "--lock-wait-timeout=60000",
                "--snapshot=" + snapshot.exported(),
                "--schema=" + quotedPattern(snapshot.schema()));
        PgTools.Result result = PgTools.run(command, url.environment(database, username, password), null, out, 120);
        if (result.exitCode() != 0) {
            throw ApiException.of(
                    ProblemType.BACKUP_FAILED,
                    "pg_dump could not back up the database " + url.describe(database) + ": "
                            + redact(result.firstError("it ended with exit code " + result.exitCode())) + ".");
        }
    }

    private Path pgDump() {
        return PgTools.find("pg_dump", configuredPgDump)
                .orElseThrow(() -> ApiException.of(
                        ProblemType.BACKUP_FAILED,
                        "The backup of a PostgreSQL database needs pg_dump, which is not on PATH or in"
                                + " /usr/lib/postgresql/*/bin; install postgresql-client (of the server's version or"
                                + " later) or name it with backup.pg-dump (BULWARK_BACKUP_PG_DUMP)."));
    }

    /** Never lets the password through, should a tool ever echo it. */
    private String redact(String sentence) {
        String secret = password == null ? "" : password.reveal();
        return secret.isEmpty() ? sentence : sentence.replace(secret, "[password]");
    }

    /** A {@code pg_dump} pattern matching exactly {@code name}: double quotes make case and wildcards literal. */
    static String quotedPattern(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** An identifier for SQL text. */
    static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Where a restore loads an archive: a database reached like {@code database.url}, and the schema to fill. */
    record Target(PostgresqlUrl url, String database, String username, Secret password, String schema) {
        @Override
        public String toString() {
            return "Target[" + url.describe(database) + ", schema " + schema + "]"; // never the password
        }
    }

    /** Opens the decrypted archive again: a restore reads it twice (its table of contents, then all of it). */
    interface Payload {
        InputStream open() throws IOException;
    }

    /**
     * Loads the archive into {@code target}'s schema, which exists and is empty: {@code pg_restore --no-owner
     * --no-privileges --single-transaction --exit-on-error}, every entry of the archive but the schema's own
     * {@code CREATE SCHEMA} (and its comment), since the schema is there already. {@code pg_restore} loads it all in
     * one transaction or nothing.
     *
     * @throws ApiException {@code backup-refused} with {@code pg_restore}'s first error
     */
    static void restore(
            Payload payload, Target target, String dumpedSchema, String dumpVersion, Optional<Path> configuredPgDump)
            throws IOException {
        Path pgRestore = PgTools.find("pg_restore", configuredPgDump)
                .orElseThrow(() -> ApiException.of(
                        ProblemType.BACKUP_REFUSED,
                        "Restoring a PostgreSQL backup needs pg_restore, which is not on PATH or in"
                                + " /usr/lib/postgresql/*/bin; install postgresql-client (" + dumpVersion
                                + " or later)."));
        PgTools.requireRestoreCanReadDump(PgTools.versionLine(pgRestore), dumpVersion);
        var environment = target.url().environment(target.database(), target.username(), target.password());

        ByteArrayOutputStream toc = new ByteArrayOutputStream();
        PgTools.Result listed;
        try (InputStream in = payload.open()) {
            listed = PgTools.run(List.of(pgRestore.toString(), "--list"), environment, in, toc, 120);
        }
        if (listed.exitCode() != 0) {
            throw ApiException.of(
                    ProblemType.BACKUP_REFUSED,
                    "pg_restore could not read the backup: " + listed.firstError("exit code " + listed.exitCode())
                            + ".");
        }
        List<String> entries = new ArrayList<>();
        String schemaEntry = " SCHEMA - " + dumpedSchema + " ";
        String schemaComment = " COMMENT - SCHEMA " + dumpedSchema + " ";
        for (String line : toc.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains(schemaEntry) || line.contains(schemaComment)) {
                continue; // the schema exists already: created empty by the restore, or given empty
            }
            entries.add(line);
        }
        Path list = ownerOnlyTempFile();
        try {
            Files.write(list, entries, StandardCharsets.UTF_8);
            PgTools.Result restored;
            try (InputStream in = payload.open()) {
                restored = PgTools.run(
                        List.of(
                                pgRestore.toString(),
                                "--no-owner",
                                "--no-privileges",
                                "--single-transaction",
                                "--exit-on-error",
                                "--no-password",
                                "--use-list=" + list,
                                "--dbname=dbname=" + conninfoValue(target.database())),
                        environment,
                        in,
                        null,
                        600);
            }
            if (restored.inputFailure() != null) {
                throw ApiException.of(
                        ProblemType.BACKUP_REFUSED, "The backup is damaged: its payload could not be decrypted.");
            }
            if (restored.exitCode() != 0) {
                throw ApiException.of(
                        ProblemType.BACKUP_REFUSED,
                        "pg_restore could not load the backup into "
                                + target.url().describe(target.database())
                                + ": " + restored.firstError("exit code " + restored.exitCode())
                                + "; nothing was loaded.");
            }
        } finally {
            Files.deleteIfExists(list);
        }
    }

    /** A libpq connection-string value: quoted, so that spaces, quotes and {@code =} stay part of it. */
    static String conninfoValue(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static Path ownerOnlyTempFile() throws IOException {
        try {
            return Files.createTempFile(
                    "bulwark-restore-",
                    ".list",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile("bulwark-restore-", ".list");
        }
    }
}
