package dev.bulwark.server.cli;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.backup.BackupService;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.db.TableCopy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrate-data}: moves a stopped single-node server from its H2 file to PostgreSQL, audit chain included. The
 * source's chain is verified first, every row is copied in one transaction, and the chain is verified again on
 * PostgreSQL before the move counts as done (docs/decisions/0036-postgresql.md). The H2 file is left untouched.
 */
@Command(
        name = "migrate-data",
        mixinStandardHelpOptions = true,
        description = "Moves a stopped server's H2 database into an empty PostgreSQL database and verifies the chain"
                + " there.")
final class MigrateDataCommand implements Callable<Integer> {
    @Option(
            names = "--from",
            required = true,
            paramLabel = "DIR",
            description = "The data directory of the H2 server; it keeps the master key and TLS files afterwards.")
    Path from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "URL",
            description = "The empty PostgreSQL database, e.g. jdbc:postgresql://db.example.com:5432/bulwark.")
    String to;

    @Option(
            names = "--to-username",
            paramLabel = "NAME",
            defaultValue = "bulwark",
            description = "The PostgreSQL user (default ${DEFAULT-VALUE}).")
    String username;

    @Option(
            names = "--to-password-file",
            paramLabel = "FILE",
            description = "A file holding the PostgreSQL user's password (default: BULWARK_DATABASE_PASSWORD).")
    Path passwordFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        if (!to.startsWith("jdbc:postgresql:")) {
            throw new StartupException("--to must be a jdbc:postgresql: URL, not " + to + ".");
        }
        if (Files.notExists(from.resolve("bulwark.mv.db"))) {
            throw new StartupException("There is no H2 database in " + from + " (bulwark.mv.db).");
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        String password = password(environment);
        environment.keySet().removeIf(k -> k.startsWith("BULWARK_DATABASE_"));

        ServerSettings source = settings(environment, Map.of());
        ChainVerification before;
        try (BulwarkServer server = BulwarkServer.open(source)) {
            before = server.audit().verifyLocally();
        }
        if (!before.intact()) {
            throw new StartupException("The audit trail in " + from + " does not verify (broken at record "
                    + before.brokenAt() + "): nothing was moved. Run verify-audit for the details.");
        }

        Map<String, String> database = new LinkedHashMap<>();
        database.put("database.url", to);
        database.put("database.username", username);
        database.put("database.password", password);
        ServerSettings target = settings(environment, database);
        TableCopy.Result copied;
        try (Database h2 = Database.open(source);
                Database postgresql = Database.open(target);
                Connection read = h2.dataSource().getConnection();
                Connection write = postgresql.dataSource().getConnection()) {
            copied = TableCopy.copy(read, write);
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage() + " Nothing was moved.");
        }

        ChainVerification after;
        try (BulwarkServer server = BulwarkServer.open(target)) {
            after = server.audit().verifyLocally();
            if (!after.intact() || after.verifiedUpTo() < copied.rowsOf("audit_event")) {
                throw new StartupException("The audit trail does not verify on PostgreSQL after the move (broken at"
                        + " record " + after.brokenAt() + "). Do not use the PostgreSQL database; the H2 file is"
                        + " unchanged.");
            }
            server.audit()
                    .trail()
                    .recordAlone(AuditRecord.of(AuditAction.DATABASE_MIGRATE, AuditOutcome.SUCCESS)
                            .authMethod("command-line")
                            .target("database", "postgresql", server.databaseDescription())
                            .reason("Moved from the H2 file in " + from.toAbsolutePath() + ": "
                                    + copied.rows().size() + " tables, " + copied.rowsOf("audit_event")
                                    + " audit records; the chain verified on both."));
        }
        out.println("Moved " + from.toAbsolutePath() + " to " + to + ": "
                + BackupService.counts(
                        copied.rowsOf("app_user"),
                        copied.rowsOf("app_group"),
                        copied.rowsOf("vault_entry"),
                        copied.rowsOf("audit_event"))
                + " (" + copied.rows().size() + " tables); the audit chain verified on PostgreSQL.");
        out.println("Serve it with the same data directory (it keeps the master key and TLS files) and database.url"
                + " set: BULWARK_DATABASE_URL=" + to + " bulwark-server serve --data-dir " + from
                + ". The H2 file was left unchanged; remove it once the server runs on PostgreSQL.");
        return 0;
    }

    private ServerSettings settings(Map<String, String> environment, Map<String, String> database) {
        Map<String, String> overrides = new LinkedHashMap<>(database);
        overrides.put("backup.schedule", "off");
        return ServerSettings.standalone(from, Optional.empty(), environment, overrides, true);
    }

    private String password(Map<String, String> environment) {
        if (passwordFile == null) {
            return environment.getOrDefault("BULWARK_DATABASE_PASSWORD", "");
        }
        try {
            return Files.readString(passwordFile).strip();
        } catch (IOException e) {
            throw new StartupException("The password file " + passwordFile + " cannot be read.", e);
        }
    }
}
