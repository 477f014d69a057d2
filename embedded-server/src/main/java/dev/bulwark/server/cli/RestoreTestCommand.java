package dev.bulwark.server.cli;

import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.backup.Restorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code restore-test}: restores a backup into a temporary directory, runs the restore's checks, reports what the
 * copy holds and deletes it. A running server tests its own backups with {@code POST
 * /api/v1/backups/{id}/restore-test}, which stores the result for the posture report. A PostgreSQL backup is loaded
 * into a temporary database created (and dropped) on the PostgreSQL server of {@code --to-database}, else of {@code
 * database.url}; docs/decisions/0030-encrypted-backups.md.
 */
@Command(
        name = "restore-test",
        mixinStandardHelpOptions = true,
        description = "Restores a backup into a temporary directory, checks it, reports counts and deletes the copy.")
final class RestoreTestCommand implements Callable<Integer> {
    /** Exit code when the backup does not restore. */
    static final int RESTORE_FAILED = 4;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
    Path from;

    @Option(
            names = "--master-key-file",
            paramLabel = "FILE",
            description = "The master key of the server that made the backup (default: BULWARK_MASTER_KEY).")
    Path masterKeyFile;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML settings file (database user).")
    Path config;

    @Mixin
    DatabaseTargetOptions database;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("bulwark-restore-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ServerSettings template =
                    ServerSettings.standalone(scratch, Optional.ofNullable(config), System.getenv(), Map.of(), true);
            Optional<Restorer.DatabaseTarget> target = database.target(template);
            if (target.isPresent()) { // the PostgreSQL server the temporary database is created on
                Map<String, String> overrides = new HashMap<>();
                overrides.put("database.url", target.get().url());
                overrides.put("database.username", target.get().username());
                overrides.put("database.password", target.get().password().reveal());
                template = ServerSettings.standalone(
                        scratch, Optional.ofNullable(config), System.getenv(), overrides, true);
            }
            Restorer.KeySource key = RestoreCommand.keySource(masterKeyFile, template, scratch);
            Restorer.Checked checked = Restorer.test(from, scratch, key, template, Clock.systemUTC());
            out.println("Restore test passed for the backup of "
                    + checked.manifest().createdAt() + ": "
                    + checked.counts()
                    + "; the chain verified and every key set opened (" + checked.millis()
                    + " ms). The copy was deleted.");
            return 0;
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                // an empty temporary directory
            }
        }
    }
}
