package dev.bulwark.server.backup;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.backup.BackupOverview;
import dev.bulwark.model.backup.RestoreTestResult;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.permission.Authorizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Backups of the running server (PRODUCT §9): made on request or on schedule into the backup directory, listed with
 * their restore tests, test-restored, and thinned by retention. Every action is administrators' only (SETTINGS,
 * honouring API-token narrowing) and audited; a failed backup is a {@code backup.failure} security event.
 */
public final class BackupService {
    private static final System.Logger LOG = System.getLogger(BackupService.class.getName());
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Transactions tx;
    private final BackupRepository repository = new BackupRepository();
    private final BackupMaker maker;
    private final Authorizer authorizer;
    private final AuditTrail trail;
    private final ServerSettings settings;
    private final Path directory;
    private final BackupSchedule schedule;
    private final BackupRetention retention;
    private final UUID serverId;
    private final MasterKey masterKey;
    private final Clock clock;
    private final Instant startedAt;
    private final ReentrantLock running = new ReentrantLock();

    public BackupService(
            Transactions tx,
            DataSource dataSource,
            MasterKey masterKey,
            Authorizer authorizer,
            AuditTrail trail,
            ServerSettings settings,
            Clock clock) {
        this.tx = tx;
        this.authorizer = authorizer;
        this.trail = trail;
        this.settings = settings;
        this.masterKey = masterKey;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.directory = settings.backup()
                .directoryFor(settings.dataDirectory())
                .toAbsolutePath()
                .normalize();
        this.schedule = BackupSchedule.parse(settings.backup().schedule());
        this.retention = BackupRetention.parse(settings.backup().keep());
        this.serverId = tx.write(repository::serverId);
        this.maker = new BackupMaker(dataSource, dumpFor(settings), masterKey.aead(), serverId, clock);
    }

    /**
     * The dump of the server's database: {@code pg_dump} for a {@code jdbc:postgresql:} {@code database.url}, H2's
     * {@code SCRIPT} for the H2 file (docs/decisions/0030-encrypted-backups.md).
     */
    static DatabaseDump dumpFor(ServerSettings settings) {
        ServerSettings.DatabaseSettings db = settings.database();
        Optional<String> url = db.url();
        if (url.isPresent() && url.get().startsWith("jdbc:postgresql:")) {
            return new PostgresqlDump(
                    url.get(), db.username(), db.password(), settings.backup().pgDump());
        }
        return new H2ScriptDump(db.username(), db.password().reveal());
    }

    /** This server's id, written in every backup's manifest. */
    public UUID serverId() {
        return serverId;
    }

    /**
     * The backups kept, newest first, with schedule, retention and where the master key is.
     *
     * @throws ApiException {@code forbidden} unless an administrator
     */
    public BackupOverview overview(Caller caller) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "see the backups");
        List<Backup> backups = tx.read(c -> repository.list(c)).stream()
                .map(BackupRepository.Row::backup)
                .map(b -> b.withFileMissing(Files.notExists(directory.resolve(b.fileName()))))
                .toList();
        return new BackupOverview(
                backups, directory.toString(), schedule.describe(), retention.describe(), masterKeyNote());
    }

    /** The sentence that says where the master key is and that backups do not hold it. */
    public String masterKeyNote() {
        String where = masterKey.fromEnvironment()
                ? "comes from BULWARK_MASTER_KEY"
                : "is in " + settings.dataDirectory().resolve(MasterKey.FILE_NAME);
        return "The master key " + where + ". Backups never contain it: keep a copy of it apart from the backups,"
                + " or no backup can be restored.";
    }

    /**
     * Backs the server up now.
     *
     * @throws ApiException {@code forbidden} unless an administrator with SETTINGS WRITE; {@code conflict} while
     *     another backup runs; {@code backup-failed} when the file cannot be written (also audited)
     */
    public Backup create(Caller caller) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "back the server up");
        return make(Optional.of(caller), "manual");
    }

    /** Backs up for {@code bulwark-server backup} on a stopped server, into {@code target} (a file or directory). */
    public Backup createFromCommandLine(Optional<Path> target) {
        Path file = target.map(t -> Files.isDirectory(t) ? t.resolve(fileName()) : t)
                .orElse(null);
        return make(Optional.empty(), "command-line", file);
    }

    private Backup make(Optional<Caller> caller, String trigger) {
        return make(caller, trigger, null);
    }

    private Backup make(Optional<Caller> caller, String trigger, Path explicitFile) {
        if (!running.tryLock()) {
            throw ApiException.of(ProblemType.CONFLICT, "A backup is already being made; try again when it is done.");
        }
        try {
            Path file =
                    explicitFile != null ? explicitFile.toAbsolutePath().normalize() : directory.resolve(fileName());
            BackupMaker.Made made;
            try {
                made = maker.write(file);
            } catch (ApiException e) {
                trail.recordAlone(actor(
                        AuditRecord.of(AuditAction.BACKUP_FAILURE, AuditOutcome.FAILURE)
                                .target("backup", null, file.getFileName().toString())
                                .reason(e.detail()),
                        caller,
                        trigger));
                throw e;
            }
            BackupManifest m = made.manifest();
            boolean inDirectory = file.getParent().equals(directory);
            Backup backup = new Backup(
                    m.backupId(),
                    m.createdAt(),
                    inDirectory ? file.getFileName().toString() : file.toString(),
                    made.sizeBytes(),
                    m.auditHeadSeq(),
                    trigger,
                    null,
                    false);
            tx.write(c -> {
                repository.insert(c, backup, m.payloadSha256());
                trail.record(
                        c,
                        actor(
                                AuditRecord.of(AuditAction.BACKUP_CREATE, AuditOutcome.SUCCESS)
                                        .target("backup", m.backupId(), backup.fileName())
                                        .reason("Encrypted backup of " + count(m.users(), "user") + ", "
                                                + count(m.vaultEntries(), "vault entry") + " and "
                                                + count(m.auditHeadSeq(), "audit record") + ", " + made.sizeBytes()
                                                + " bytes."),
                                caller,
                                trigger));
                return null;
            });
            applyRetention();
            return backup;
        } finally {
            running.unlock();
        }
    }

    /**
     * Restores the backup {@code id} into a temporary directory, checks it and deletes the copy; the result is
     * stored and audited, a failed test as a failure.
     *
     * @throws ApiException {@code forbidden} unless an administrator with SETTINGS WRITE; {@code not-found} for an
     *     unknown backup
     */
    public RestoreTestResult restoreTest(Caller caller, UUID id) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "test-restore a backup");
        return test(Optional.of(caller), id);
    }

    private RestoreTestResult test(Optional<Caller> caller, UUID id) {
        BackupRepository.Row row = tx.read(c -> repository.find(c, id))
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no backup with this id."));
        Path file = fileOf(row.backup());
        Instant testedAt = clock.instant();
        long started = System.nanoTime();
        RestoreTestResult result;
        try {
            BackupManifest claimed = BackupFile.peek(file);
            if (!serverId.equals(claimed.serverId())) {
                throw BackupFile.refused(file, "was made by another Bulwark server (id " + claimed.serverId() + ").");
            }
            BackupFile.Opened opened = BackupFile.open(file, masterKey.aead());
            BackupManifest m = opened.manifest();
            if (!serverId.equals(m.serverId())) {
                throw BackupFile.refused(file, "was made by another Bulwark server (id " + m.serverId() + ").");
            }
            if (!m.backupId().equals(id) || !m.payloadSha256().equals(row.payloadSha256())) {
                throw BackupFile.refused(
                        file, "is not the backup this server listed under that name; it was replaced.");
            }
            BackupFile.verifyPayload(opened);
            Restorer.Checked checked =
                    Restorer.test(opened, directory, Restorer.KeySource.of(settings), settings, clock);
            result = new RestoreTestResult(
                    id,
                    testedAt,
                    true,
                    "Restored and checked: " + checked.counts() + "; the chain verified and every key set opened.",
                    checked.users(),
                    checked.groups(),
                    checked.vaultEntries(),
                    checked.auditRecords(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (ApiException e) {
            result = new RestoreTestResult(
                    id, testedAt, false, e.detail(), 0, 0, 0, 0, (System.nanoTime() - started) / 1_000_000);
        }
        RestoreTestResult stored = result;
        tx.write(c -> {
            repository.insertTest(c, UUID.randomUUID(), stored);
            trail.record(
                    c,
                    actor(
                            AuditRecord.of(
                                            AuditAction.BACKUP_RESTORE_TEST,
                                            stored.passed() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE)
                                    .target("backup", id, row.backup().fileName())
                                    .reason(stored.detail()),
                            caller,
                            "scheduled"));
            return null;
        });
        return stored;
    }

    /** Makes the scheduled backup when it is due, then test-restores it; failures are audited, never thrown. */
    public void runScheduledIfDue() {
        Instant now = clock.instant();
        Instant newest = tx.read(repository::newestBackupAt).orElse(null);
        if (!schedule.isDue(newest, startedAt, now, ZoneId.systemDefault())) {
            return;
        }
        try {
            Backup made = make(Optional.empty(), "scheduled");
            test(Optional.empty(), made.id());
        } catch (ApiException e) {
            LOG.log(System.Logger.Level.WARNING, "The scheduled backup failed: {0}", e.detail());
        }
    }

    /** Removes the backups {@code backup.keep} no longer keeps: their files, then their rows. */
    int applyRetention() {
        List<BackupRepository.Row> rows = tx.read(repository::list);
        List<Integer> remove = retention.toRemove(
                rows.stream().map(r -> r.backup().createdAt()).toList(), clock.instant());
        int removed = 0;
        for (int i : remove) {
            Backup b = rows.get(i).backup();
            Path file = fileOf(b);
            try {
                if (directory.equals(file.getParent())) {
                    Files.deleteIfExists(file); // a file the operator named outside the directory stays
                }
                tx.write(c -> {
                    repository.delete(c, b.id());
                    return null;
                });
                removed++;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "An old backup could not be removed: {0}", file);
            }
        }
        return removed;
    }

    /** The file of a listed backup: a name in the backup directory, or the path the command line was given. */
    private Path fileOf(Backup b) {
        Path named = Path.of(b.fileName());
        return named.isAbsolute() ? named.normalize() : directory.resolve(named).normalize();
    }

    private static AuditRecord actor(AuditRecord record, Optional<Caller> caller, String trigger) {
        if (caller.isPresent()) {
            return record.actor(caller.get().user()).from(caller.get().client());
        }
        return record.authMethod(trigger.equals("command-line") ? "command-line" : "schedule");
    }

    /** What a backup holds, as a person reads it: {@code 1 user, 0 groups, 3 vault entries, 25 audit records}. */
    public static String counts(long users, long groups, long vaultEntries, long auditRecords) {
        return count(users, "user") + ", " + count(groups, "group") + ", " + count(vaultEntries, "vault entry") + ", "
                + count(auditRecords, "audit record");
    }

    /** {@code 1 user}, {@code 2 users}, {@code 3 vault entries}. */
    public static String count(long n, String noun) {
        if (n == 1) {
            return n + " " + noun;
        }
        return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    private String fileName() {
        return "bulwark-" + FILE_TIME.format(clock.instant()) + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".bwbackup";
    }
}
