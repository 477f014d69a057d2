package dev.bulwark.server.cli;

import dev.bulwark.model.Secret;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.backup.BackupManifest;
import dev.bulwark.server.backup.BackupService;
import dev.bulwark.server.backup.Restorer;
import dev.bulwark.server.crypto.MasterKey;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code restore}: checks a backup completely, restores it into a new data directory next to the target, verifies
 * the audit chain and every key set there, records {@code backup.restore} in the restored trail and only then moves
 * it into place. Nothing is written when a check fails. A backup of a PostgreSQL server is restored with {@code
 * --to-database URL} into an empty schema of that database instead ({@code pg_restore --single-transaction}; the data
 * directory then only receives the master key file), docs/decisions/0030-encrypted-backups.md.
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = "Restores an encrypted backup into a new data directory (checked before anything is written).")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
    Path from;

    @Option(
            names = "--master-key-file",
            paramLabel = "FILE",
            description = "The master key of the server that made the backup (default: BULWARK_MASTER_KEY, or the"
                    + " master.key in the data directory when --force replaces one).")
    Path masterKeyFile;

    @Option(names = "--force", description = "Replace a non-empty data directory (its contents are kept beside it).")
    boolean force;

    @Mixin
    DatabaseTargetOptions database;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ServerSettings template = data.settings(Map.of(), true);
        Restorer.KeySource key = keySource(masterKeyFile, template, data.dataDir);
        Optional<Restorer.DatabaseTarget> target = database.target(template);
        if (target.isPresent()) {
            return restoreToDatabase(out, target.get(), key, template);
        }
        Optional<Path> replaced = Restorer.restore(from, data.dataDir, key, template, force, Clock.systemUTC());
        BackupManifest manifest = Restorer.manifestOf(from);
        out.println("Restored the backup of " + manifest.createdAt() + " into " + data.dataDir.toAbsolutePath() + ": "
                + BackupService.counts(
                        manifest.users(), manifest.groups(), manifest.vaultEntries(), manifest.auditHeadSeq())
                + "; the audit chain verified and every key set opened.");
        replaced.ifPresent(p -> out.println("The previous contents of the data directory are in " + p + "."));
        if (masterKeyFile == null && template.masterKey().isPresent()) {
            out.println("Start the server with the same BULWARK_MASTER_KEY.");
        }
        return 0;
    }

    private int restoreToDatabase(
            PrintWriter out, Restorer.DatabaseTarget target, Restorer.KeySource key, ServerSettings template) {
        if (force) {
            throw new StartupException("--force replaces a data directory; a PostgreSQL restore needs an empty"
                    + " database or schema and never replaces one.");
        }
        Restorer.RestoredDatabase restored =
                Restorer.restoreToDatabase(from, target, data.dataDir, key, template, Clock.systemUTC());
        Path dir = data.dataDir.toAbsolutePath();
        BackupManifest manifest = restored.checked().manifest();
        out.println("Restored the backup of " + manifest.createdAt() + " into the schema " + restored.schema()
                + " of the PostgreSQL database: " + restored.checked().counts()
                + "; the audit chain verified and every key set opened.");
        if (restored.masterKeyInstalled()) {
            out.println("The master key file was copied into " + dir + ".");
        }
        out.println("Serve it with: BULWARK_DATABASE_URL='" + Restorer.withoutPassword(restored.url())
                + "' bulwark-server serve --data-dir " + dir
                + " (and database.username, database.password as for the restore).");
        return 0;
    }

    static Restorer.KeySource keySource(Path masterKeyFile, ServerSettings template, Path dataDir) {
        if (masterKeyFile != null) {
            return Restorer.KeySource.file(masterKeyFile);
        }
        Optional<Secret> fromEnvironment = template.masterKey();
        if (fromEnvironment.isPresent()) {
            return Restorer.KeySource.value(fromEnvironment.get());
        }
        Path inDataDir = dataDir.resolve(MasterKey.FILE_NAME);
        if (Files.exists(inDataDir)) {
            return Restorer.KeySource.file(inDataDir);
        }
        throw new StartupException("Give the master key of the server that made the backup: --master-key-file FILE,"
                + " or set BULWARK_MASTER_KEY. Backups never contain it.");
    }
}
