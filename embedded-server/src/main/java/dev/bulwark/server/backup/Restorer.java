package dev.bulwark.server.backup;

import com.google.crypto.tink.Aead;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.crypto.MasterKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Restores a backup file into a data directory, or test-restores it into a temporary one.
 *
 * <p>Everything is checked before anything is written (the manifest's tag with the master key, the payload's length
 * and SHA-256); the database is then loaded into a new directory next to the target and checked there: the restored
 * audit head is the manifest's, the server opens (every key set opens with the master key), and the audit chain
 * verifies. Only then is the directory moved into place; any failure deletes it, so nothing is ever half-written.
 */
public final class Restorer {
    private static final System.Logger LOG = System.getLogger(Restorer.class.getName());
    private static final String POSTGRESQL = "postgresql";

    private Restorer() {}

    /**
     * Where the master key of a restore comes from: a key file, or the value of {@code BULWARK_MASTER_KEY}.
     */
    public static final class KeySource {
        private final Optional<Secret> value;
        private final Optional<Path> file;

        private KeySource(Optional<Secret> value, Optional<Path> file) {
            this.value = value;
            this.file = file;
        }

        public static KeySource file(Path file) {
            return new KeySource(Optional.empty(), Optional.of(file.toAbsolutePath()));
        }

        public static KeySource value(Secret value) {
            return new KeySource(Optional.of(value), Optional.empty());
        }

        /** The key of a server running with {@code settings}: its environment value, else its key file. */
        public static KeySource of(ServerSettings settings) {
            return settings.masterKey()
                    .map(KeySource::value)
                    .orElseGet(() -> file(settings.dataDirectory().resolve(MasterKey.FILE_NAME)));
        }

        Aead aead() {
            if (file.isPresent()) {
                if (Files.notExists(file.get())) {
                    throw new StartupException("There is no master key file at " + file.get() + ".");
                }
                return MasterKey.fromFile(file.get()).aead();
            }
            return MasterKey.load(value, Path.of("."), false).aead();
        }

        /** Gives the restored directory the key: the key file is copied in (owner-only); a value stays outside. */
        void install(Path dataDirectory, Map<String, String> environment, Map<String, String> overrides)
                throws IOException {
            if (file.isPresent()) {
                Path target = dataDirectory.resolve(MasterKey.FILE_NAME);
                Files.copy(file.get(), target, StandardCopyOption.COPY_ATTRIBUTES);
                try {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
                environment.remove("BULWARK_MASTER_KEY");
                overrides.put("master-key", "");
            } else {
                environment.put("BULWARK_MASTER_KEY", value.get().reveal());
            }
        }

        /** The key file, when the key comes from one. */
        Optional<Path> keyFile() {
            return file;
        }

        /** Where the key is, in words, never the key. */
        public String describe() {
            return file.map(f -> "the key file " + f).orElse("BULWARK_MASTER_KEY");
        }

        @Override
        public String toString() {
            return "KeySource[" + describe() + "]";
        }
    }

    /** What a restored copy holds, after its checks passed. */
    public record Checked(
            BackupManifest manifest, long users, long groups, long vaultEntries, long auditRecords, long millis) {
        /** {@code 1 user, 0 groups, 3 vault entries, 25 audit records}. */
        public String counts() {
            return BackupService.counts(users, groups, vaultEntries, auditRecords);
        }
    }

    /** What {@code file}'s manifest claims, unchecked: for messages after a checked restore. */
    public static BackupManifest manifestOf(Path file) {
        return BackupFile.peek(file);
    }

    /**
     * Checks {@code file} completely without writing anything.
     *
     * @throws ApiException {@code backup-refused} with the reason
     */
    public static BackupManifest verify(Path file, KeySource key) {
        BackupFile.Opened opened = BackupFile.open(file, aead(key));
        BackupFile.verifyPayload(opened);
        return opened.manifest();
    }

    /**
     * Restores {@code file} into {@code target}: checked first, loaded into a new directory next to it, checked
     * again, {@code backup.restore} recorded in the restored trail, then moved into place. A non-empty {@code target}
     * is refused unless {@code force}, and then kept beside the new one (its name is returned).
     *
     * @return the directory the old contents of {@code target} were moved to, if any
     * @throws ApiException {@code backup-refused} or {@code conflict} with the reason; nothing is written then
     */
    public static Optional<Path> restore(
            Path file, Path target, KeySource key, ServerSettings template, boolean force, Clock clock) {
        Path absolute = target.toAbsolutePath().normalize();
        boolean occupied = isNonEmptyDirectory(absolute);
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw ApiException.of(ProblemType.CONFLICT, absolute + " is a file, not a data directory.");
        }
        if (occupied && !force) {
            throw ApiException.of(
                    ProblemType.CONFLICT,
                    "The data directory " + absolute + " is not empty; restore into a new directory, or add --force"
                            + " to replace it (its contents are kept beside it).");
        }
        BackupFile.Opened opened = BackupFile.open(file, aead(key));
        BackupFile.verifyPayload(opened);
        Path parent = absolute.getParent();
        Path work = parent.resolve("." + absolute.getFileName() + ".restore-" + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            Checked checked = loadAndCheck(opened, work, key, template, true, clock);
            Optional<Path> replaced = Optional.empty();
            if (occupied) {
                Path aside = parent.resolve(absolute.getFileName() + ".replaced-" + clock.millis());
                Files.move(absolute, aside, StandardCopyOption.ATOMIC_MOVE);
                replaced = Optional.of(aside);
            } else if (Files.isDirectory(absolute)) {
                Files.delete(absolute);
            }
            Files.move(work, absolute, StandardCopyOption.ATOMIC_MOVE);
            BackupMaker.syncDirectory(parent);
            LOG.log( // the command prints the sentence, and the restored trail holds backup.restore
                    System.Logger.Level.DEBUG,
                    "Restored backup {0} into {1}: {2} users, {3} audit records",
                    checked.manifest().backupId(),
                    absolute,
                    checked.users(),
                    checked.auditRecords());
            return replaced;
        } catch (IOException e) {
            throw ApiException.of(
                    ProblemType.CONFLICT,
                    "The backup could not be restored into " + absolute + " ("
                            + e.getClass().getSimpleName() + "); nothing was changed there.");
        } finally {
            deleteTree(work);
        }
    }

    /**
     * The PostgreSQL database a backup is restored into: a {@code jdbc:postgresql:} URL, its user and password.
     *
     * @param url the database, optionally with {@code currentSchema} (which must then be the backup's schema)
     */
    public record DatabaseTarget(String url, String username, Secret password) {
        @Override
        public String toString() {
            return "DatabaseTarget[" + withoutPassword(url) + ", " + username + "]";
        }
    }

    /** {@code url} with the value of a {@code password} property it may hold masked, for printing. */
    public static String withoutPassword(String url) {
        return url.replaceAll("(?i)([?&]password=)[^&]*", "$1…");
    }

    /**
     * A PostgreSQL backup restored into a database.
     *
     * @param url the {@code database.url} to serve it with (the target with the backup's schema as {@code
     *     currentSchema})
     * @param schema the schema it fills
     * @param checked what it holds
     * @param masterKeyInstalled whether the master key file was copied into the data directory
     */
    public record RestoredDatabase(String url, String schema, Checked checked, boolean masterKeyInstalled) {}

    /**
     * Restores the PostgreSQL backup {@code file} into the empty schema of {@code target} (docs/decisions/0030-
     * encrypted-backups.md, "PostgreSQL"): checked first; {@code pg_restore --single-transaction} loads it; the
     * counts, key sets and chain are checked and {@code backup.restore} is recorded; {@code dataDirectory} (the
     * directory the restored server will be served from) receives the master key file when it has none. A schema
     * that holds anything is refused, and a load whose checks fail is removed again, so nothing is half-written.
     *
     * @throws ApiException {@code backup-refused} or {@code conflict} with the reason
     */
    public static RestoredDatabase restoreToDatabase(
            Path file, DatabaseTarget target, Path dataDirectory, KeySource key, ServerSettings template, Clock clock) {
        BackupFile.Opened opened = BackupFile.open(file, aead(key));
        BackupFile.verifyPayload(opened);
        return PostgresqlRestore.restore(opened, target, dataDirectory, key, template, clock);
    }

    /**
     * Restores {@code file} into a temporary directory under {@code scratch}, runs the checks, and deletes the copy.
     *
     * @throws ApiException {@code backup-refused} when a check fails
     */
    public static Checked test(Path file, Path scratch, KeySource key, ServerSettings template, Clock clock) {
        BackupFile.Opened opened = BackupFile.open(file, aead(key));
        BackupFile.verifyPayload(opened);
        return test(opened, scratch, key, template, clock);
    }

    static Checked test(BackupFile.Opened opened, Path scratch, KeySource key, ServerSettings template, Clock clock) {
        if (opened.manifest().databaseKind().equals(POSTGRESQL)) {
            return PostgresqlRestore.test(opened, scratch, key, template, clock);
        }
        Path work = scratch.resolve(".restore-test-" + UUID.randomUUID());
        try {
            Files.createDirectories(scratch);
            return loadAndCheck(opened, work, key, template, false, clock);
        } catch (IOException e) {
            throw ApiException.of(
                    ProblemType.BACKUP_REFUSED, "The restore test could not use the directory " + scratch + ".");
        } finally {
            deleteTree(work);
        }
    }

    private static Checked loadAndCheck(
            BackupFile.Opened opened,
            Path work,
            KeySource key,
            ServerSettings template,
            boolean recordRestore,
            Clock clock)
            throws IOException {
        long started = System.nanoTime();
        BackupManifest manifest = opened.manifest();
        if (manifest.databaseKind().equals(POSTGRESQL)) {
            throw BackupFile.refused(
                    opened.file(),
                    "holds a PostgreSQL database; restore it into an empty PostgreSQL database with --to-database URL.");
        }
        if (!manifest.databaseKind().equals("h2")) {
            throw BackupFile.refused(
                    opened.file(),
                    "holds a " + manifest.databaseKind() + " database, which this server cannot restore.");
        }
        if (recordRestore && template.database().url().isPresent()) {
            throw ApiException.of(
                    ProblemType.BACKUP_REFUSED,
                    "The backup file " + opened.file().getFileName() + " holds an H2 database, which is restored into"
                            + " a data directory, but database.url is set; unset it (and move the restored server onto"
                            + " PostgreSQL with migrate-data).");
        }
        createOwnerOnlyDirectory(work);
        String user = template.database().username();
        String password = template.database().password().reveal();
        H2ScriptDump dump = new H2ScriptDump(user, password);
        try (InputStream payload = new GZIPInputStream(opened.payload(), 64 * 1024)) {
            dump.load(payload, work);
        } catch (IOException | SQLException e) {
            throw BackupFile.refused(opened.file(), "is damaged: its database could not be loaded.");
        }
        Counts counts;
        String url = "jdbc:h2:file:" + work.resolve("bulwark") + ";TRACE_LEVEL_FILE=0";
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            counts = checkCounts(opened, c);
            try (var s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        } catch (SQLException e) {
            throw BackupFile.refused(opened.file(), "is damaged: its database could not be read after loading.");
        }
        Map<String, String> database = new HashMap<>();
        database.put("database.username", user);
        database.put("database.password", password);
        checkServer(opened, work, key, database, recordRestore, clock);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Checked(
                manifest, counts.users(), counts.groups(), counts.vaultEntries(), manifest.auditHeadSeq(), millis);
    }

    record Counts(long users, long groups, long vaultEntries) {}

    /** The restored audit head and counts must be the manifest's. */
    static Counts checkCounts(BackupFile.Opened opened, Connection c) throws SQLException {
        BackupManifest manifest = opened.manifest();
        try (PreparedStatement s = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            if (!r.next()
                    || r.getLong(1) != manifest.auditHeadSeq()
                    || !r.getString(2).equals(manifest.auditHeadHash())) {
                throw BackupFile.refused(
                        opened.file(), "does not hold the audit trail its manifest names; it was not restored.");
            }
        }
        long users = BackupMaker.count(c, "app_user");
        long groups = BackupMaker.count(c, "app_group");
        long vaultEntries = BackupMaker.count(c, "vault_entry");
        if (users != manifest.users() || groups != manifest.groups() || vaultEntries != manifest.vaultEntries()) {
            throw BackupFile.refused(
                    opened.file(), "does not hold the counts its manifest names; it was not restored.");
        }
        return new Counts(users, groups, vaultEntries);
    }

    /**
     * Opens a server on the restored copy ({@code work} as its data directory, {@code database} its database
     * settings): every key set must open with the master key and the chain must verify; a restore records {@code
     * backup.restore} in the restored trail.
     */
    static void checkServer(
            BackupFile.Opened opened,
            Path work,
            KeySource key,
            Map<String, String> database,
            boolean recordRestore,
            Clock clock)
            throws IOException {
        BackupManifest manifest = opened.manifest();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(k -> k.startsWith("BULWARK_"));
        Map<String, String> overrides = new HashMap<>(database);
        overrides.put("server.host", "127.0.0.1");
        overrides.put("server.port", "0");
        overrides.put("backup.schedule", "off");
        key.install(work, environment, overrides);
        ServerSettings copy = ServerSettings.standalone(work, Optional.empty(), environment, overrides, true);
        ChainVerification chain;
        try (BulwarkServer server = BulwarkServer.open(copy, clock)) {
            chain = server.audit().verifyLocally();
            if (!chain.intact()) {
                throw BackupFile.refused(
                        opened.file(),
                        "holds an audit trail that does not verify (broken at record " + chain.brokenAt()
                                + "); it was not restored.");
            }
            if (recordRestore) {
                server.audit()
                        .trail()
                        .recordAlone(AuditRecord.of(AuditAction.BACKUP_RESTORE, AuditOutcome.SUCCESS)
                                .authMethod("command-line")
                                .target(
                                        "backup",
                                        manifest.backupId(),
                                        opened.file().getFileName().toString())
                                .reason("Restored from the backup made at " + manifest.createdAt() + " (audit record "
                                        + manifest.auditHeadSeq() + "); chain verified, every key set opened."));
            }
        } catch (StartupException e) {
            throw BackupFile.refused(
                    opened.file(), "was restored, but the server cannot start on it: " + e.getMessage());
        }
    }

    static void createOwnerOnlyDirectory(Path work) throws IOException {
        try {
            Files.createDirectory(
                    work, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(work);
        }
    }

    static Aead aead(KeySource key) {
        try {
            return key.aead();
        } catch (StartupException e) {
            throw ApiException.of(ProblemType.BACKUP_REFUSED, e.getMessage());
        }
    }

    private static boolean isNonEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    static void deleteTree(Path root) {
        if (Files.notExists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    try {
                        Files.delete(dir);
                    } catch (DirectoryNotEmptyException e) {
                        // a file appeared meanwhile; left for the next attempt
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "A temporary restore directory could not be deleted: " + root);
        }
    }
}
