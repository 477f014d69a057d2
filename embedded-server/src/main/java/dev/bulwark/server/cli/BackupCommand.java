package dev.bulwark.server.cli;

import dev.bulwark.model.backup.Backup;
import dev.bulwark.server.BulwarkServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code backup}: writes an encrypted backup of a stopped server's data directory (a running server is backed up
 * through {@code POST /api/v1/backups}, since H2 lets one process open its file). The file holds the database and
 * the wrapped key sets, never the master key; docs/decisions/0030-encrypted-backups.md.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = "Writes an encrypted backup of a stopped server (a running one: POST /api/v1/backups).")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(
            names = "--to",
            paramLabel = "FILE|DIR",
            description = "Where to write the backup (a new file, or a directory); default backup.directory.")
    Path to;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BulwarkServer server = BulwarkServer.open(data.settings(Map.of("backup.schedule", "off"), true))) {
            Backup backup = server.backups().createFromCommandLine(Optional.ofNullable(to));
            Path file = Path.of(backup.fileName()).isAbsolute()
                    ? Path.of(backup.fileName())
                    : server.settings()
                            .backup()
                            .directoryFor(server.settings().dataDirectory())
                            .resolve(backup.fileName());
            out.println("Backup " + backup.id() + " written to " + file.toAbsolutePath() + " (" + backup.sizeBytes()
                    + " bytes, audit trail up to record " + backup.auditHeadSeq() + ").");
            out.println(server.backups().masterKeyNote());
            return 0;
        }
    }
}
