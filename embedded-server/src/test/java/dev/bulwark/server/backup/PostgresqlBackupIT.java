package dev.bulwark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.backup.RestoreTestResult;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.vault.VaultFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Backups of a server on PostgreSQL (docs/decisions/0030-encrypted-backups.md, "PostgreSQL"): the real pg_dump of
 * an exported snapshot while writers go on, pg_restore into an empty database, the restore test in a temporary
 * database, refusals, and the database password kept out of command lines, sentences, audit reasons and logs.
 */
@EnabledIf("dev.bulwark.server.TestDatabase#postgresql")
class PostgresqlBackupIT extends AdminServerFixture {
    private static final String CLUSTER = System.getProperty("bulwark.test.postgresql", "");

    @Test
    void aBackupDuringConcurrentWrites_restoresIntoAnEmptyDatabase_withTheManifestsHeadAndEveryAcknowledgedWrite()
            throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String name = "g-" + writer + "-" + i;
                    admin.groups().create(new CreateGroupRequest(name, "written during a backup"));
                    acknowledged.add(name);
                }
                return null;
            }));
        }
        while (acknowledged.size() < 30) {
            Thread.sleep(10);
        }
        Set<String> beforeBackup = Set.copyOf(acknowledged);
        Backup backup = admin.backups().create();
        Set<String> afterBackup = Set.copyOf(acknowledged);
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        writers.shutdown();
        BackupManifest manifest = Restorer.manifestOf(backupFile(backup));
        assertThat(manifest.databaseKind()).isEqualTo("postgresql");
        assertThat(manifest.dumpVersion()).matches("\\d+(\\.\\d+)?");

        String target = newDatabase();
        Restorer.RestoredDatabase restored = Restorer.restoreToDatabase(
                backupFile(backup),
                new Restorer.DatabaseTarget(target, "postgres", Secret.of("")),
                dir.resolve("restored"),
                ownKey(),
                server.settings(),
                Clock.systemUTC());

        assertThat(restored.schema()).isEqualTo(manifest.databaseSchema());
        try (Connection c = DriverManager.getConnection(restored.url(), "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT hash, action FROM audit_event WHERE seq >= "
                        + manifest.auditHeadSeq() + " ORDER BY seq")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1))
                    .as("the manifest's head is in the restored chain")
                    .isEqualTo(manifest.auditHeadHash());
            List<String> after = new ArrayList<>();
            while (r.next()) {
                after.add(r.getString(2));
            }
            assertThat(after)
                    .as("after it, only what the restore recorded")
                    .containsExactly("audit.verify", "backup.restore");
        }
        try (BulwarkServer copy =
                TestServers.embedded(dir.resolve("restored"), Map.of("BULWARK_DATABASE_URL", restored.url()))) {
            BulwarkClient again = IdentityFixtures.admin(copy);
            Set<String> names = new HashSet<>();
            for (Group g : again.groups().list().items()) {
                names.add(g.name());
            }
            assertThat(names).containsAll(beforeBackup);
            assertThat(afterBackup).containsAll(names);
            assertThat(again.audit().verify().intact()).isTrue();
            AuditEvent restore = latest(again, "backup.restore");
            assertThat(restore.targetId()).isEqualTo(backup.id().toString());
            assertThat(restore.seq()).isEqualTo(manifest.auditHeadSeq() + 2);
            assertThat(restore.reason()).contains("audit record " + manifest.auditHeadSeq());
        }
    }

    @Test
    void aRestoreTest_passesInATemporaryDatabase_isListed_turnsThePostureGreen_andLeavesNoDatabaseBehind()
            throws Exception {
        VaultEntry entry = admin.vault().create(VaultFixtures.password("db", "s3cret-value-for-restore"));
        Backup backup = admin.backups().create();

        RestoreTestResult test = admin.backups().restoreTest(backup.id());

        assertThat(test.passed()).as(test.detail()).isTrue();
        assertThat(test.users()).isEqualTo(1);
        assertThat(test.vaultEntries()).isEqualTo(1);
        assertThat(test.auditRecords()).isEqualTo(backup.auditHeadSeq());
        assertThat(admin.backups().list().backups().getFirst().restoreTest().passed())
                .isTrue();
        var posture = admin.posture().report();
        assertThat(check(posture, "last-backup")).isEqualTo(PostureStatus.PASS);
        assertThat(check(posture, "last-restore-test")).isEqualTo(PostureStatus.PASS);
        assertThat(latest(admin, "backup.restore-test").outcome().name()).isEqualTo("SUCCESS");
        assertThat(restoreTestDatabases()).isZero();
        assertThat(dir.resolve("backups")).isDirectoryNotContaining("glob:**/.restore-test-*");
        assertThat(admin.vault()
                        .reveal(entry.id(), new RevealRequest(null, null))
                        .value()
                        .reveal())
                .isEqualTo("s3cret-value-for-restore");
        assertThat(new String(Files.readAllBytes(backupFile(backup)), StandardCharsets.ISO_8859_1))
                .as("the payload is encrypted")
                .doesNotContain("s3cret-value-for-restore")
                .doesNotContain("admin@example.com");
    }

    @Test
    void aTamperedFile_isRefusedByRestoreAndByTheRestoreTest_andNothingIsWritten() throws Exception {
        Backup backup = admin.backups().create();
        Path file = backupFile(backup);
        BackupManifest manifest = Restorer.manifestOf(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[BackupFile.HEADER_BYTES + (bytes.length - BackupFile.HEADER_BYTES) / 2] ^= 0x01;
        Path flipped = dir.resolve("flipped.bwbackup");
        Files.write(flipped, bytes);
        String target = newDatabase();

        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> Restorer.restoreToDatabase(
                        flipped,
                        new Restorer.DatabaseTarget(target, "postgres", Secret.of("")),
                        dir.resolve("restored"),
                        ownKey(),
                        server.settings(),
                        Clock.systemUTC()));
        Files.write(file, bytes);
        RestoreTestResult test = admin.backups().restoreTest(backup.id());

        assertThat(refused.type()).isEqualTo(ProblemType.BACKUP_REFUSED);
        assertThat(refused.detail()).contains("was altered").contains("SHA-256");
        assertThat(schemaExists(target, manifest.databaseSchema())).isFalse();
        assertThat(dir.resolve("restored")).doesNotExist();
        assertThat(test.passed()).isFalse();
        assertThat(test.detail()).contains("was altered");
        assertThat(restoreTestDatabases()).isZero();
    }

    @Test
    void aNonEmptyTarget_isRefusedWithNothingWritten_andAnotherSchemaOrAnH2DataDirectoryIsRefusedWithASentence()
            throws Exception {
        Path file = backupFile(admin.backups().create());
        BackupManifest manifest = Restorer.manifestOf(file);
        String target = newDatabase();
        try (Connection c = DriverManager.getConnection(target, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + manifest.databaseSchema());
            s.execute("CREATE TABLE " + manifest.databaseSchema() + ".keep (id INT)");
        }

        ApiException occupied = restoreFails(file, target);
        ApiException renamed = restoreFails(file, target + "&currentSchema=elsewhere");
        ApiException intoH2 = catchThrowableOfType(
                ApiException.class,
                () -> Restorer.restore(
                        file, dir.resolve("h2-copy"), ownKey(), server.settings(), false, Clock.systemUTC()));

        assertThat(occupied.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(occupied.detail()).contains("is not empty (1 tables").contains("Nothing was written");
        assertThat(renamed.detail()).contains("pg_restore cannot rename a schema");
        assertThat(intoH2.detail()).contains("holds a PostgreSQL database").contains("--to-database");
        try (Connection c = DriverManager.getConnection(target, "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT COUNT(*) FROM pg_tables WHERE schemaname = '" + manifest.databaseSchema() + "'")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void aPgDumpOlderThanTheServer_failsTheBackupWithTheVersionToInstall_andLeavesNoFile() throws Exception {
        int serverMajor;
        try (Connection c = TestDatabase.connect(dir)) {
            serverMajor = c.getMetaData().getDatabaseMajorVersion();
        }
        Path fake = fakePgDump("old", "echo 'pg_dump (PostgreSQL) " + (serverMajor - 1) + ".11'", "exit 0");
        try (BulwarkServer other =
                TestServers.embedded(dir.resolve("old-pg-dump"), Map.of("BULWARK_BACKUP_PG_DUMP", fake.toString()))) {
            TestServers.createAdmin(other);
            BulwarkClient client = IdentityFixtures.admin(other);

            ApiException failed = catchThrowableOfType(
                    ApiException.class, () -> client.backups().create());

            assertThat(failed.type()).isEqualTo(ProblemType.BACKUP_FAILED);
            assertThat(failed.detail())
                    .isEqualTo("pg_dump " + (serverMajor - 1) + " cannot back up PostgreSQL " + serverMajor
                            + "; install pg_dump " + serverMajor + " or later (postgresql-client-" + serverMajor
                            + "), or name it with backup.pg-dump.");
            assertThat(latest(client, "backup.failure").reason()).isEqualTo(failed.detail());
            try (Stream<Path> left = Files.list(dir.resolve("old-pg-dump").resolve("backups"))) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void theDatabasePassword_reachesPgDumpOnlyThroughItsEnvironment_andNeverASentenceAnAuditReasonOrALog()
            throws Exception {
        String password = "planted-db-password-" + UUID.randomUUID();
        Path seen = dir.resolve("seen");
        Path fake = fakePgDump(
                "failing",
                "echo 'pg_dump (PostgreSQL) 99.0'",
                "echo \"$@\" > " + seen.resolve("args") + "; env > " + seen.resolve("env")
                        + "; echo 'pg_dump: error: connection to server at \"127.0.0.1\" failed: FATAL:  password"
                        + " authentication failed for user \"postgres\"' >&2; exit 1");
        Files.createDirectories(seen);
        List<String> logLines = new ArrayList<>();
        Handler capture = capture(logLines);
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        StringBuilder said = new StringBuilder();
        Path data = dir.resolve("with-password");
        try {
            Map<String, String> env = new HashMap<>();
            env.put("BULWARK_DATABASE_PASSWORD", password); // the test cluster trusts every password
            env.put("BULWARK_BACKUP_PG_DUMP", fake.toString());
            try (BulwarkServer other = TestServers.embedded(data, env)) {
                TestServers.createAdmin(other);
                BulwarkClient client = IdentityFixtures.admin(other);
                ApiException failed = catchThrowableOfType(
                        ApiException.class, () -> client.backups().create());
                said.append(trace(failed));
                assertThat(failed.type()).isEqualTo(ProblemType.BACKUP_FAILED);
                assertThat(failed.detail())
                        .startsWith("pg_dump could not back up the database 127.0.0.1:")
                        .contains("password authentication failed for user \"postgres\"");
                said.append(latest(client, "backup.failure").reason());
            }
            env.remove("BULWARK_BACKUP_PG_DUMP"); // the real pg_dump, with the password set
            try (BulwarkServer other = TestServers.embedded(data, env)) {
                BulwarkClient client = IdentityFixtures.admin(other);
                Backup made = client.backups().create();
                RestoreTestResult test = client.backups().restoreTest(made.id());
                assertThat(test.passed()).as(test.detail()).isTrue();
                said.append(dev.bulwark.model.Json.lenient()
                        .writeValueAsString(client.audit().events(AuditQuery.all())));
                said.append(test.detail());
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }

        assertThat(Files.readString(seen.resolve("args")))
                .contains("--snapshot=")
                .contains("--format=custom")
                .doesNotContain(password);
        assertThat(Files.readString(seen.resolve("env"))).contains("PGPASSWORD=" + password);
        assertThat(said.toString()).as("sentences and audit reasons").doesNotContain(password);
        assertThat(String.join("\n", logLines)).as("logs").doesNotContain(password);
        assertThat(logLines).as("the capture saw the server's logs").isNotEmpty();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as(f.toString())
                        .doesNotContain(password);
            }
        }
    }

    @Test
    void theCommandLine_restoreTestsAndRestoresAPostgresqlBackup_andTheRestoredServerServes() throws Exception {
        Path file = backupFile(admin.backups().create());
        Path keptKey = dir.resolve("kept-master.key");
        Files.copy(dir.resolve(MasterKey.FILE_NAME), keptKey);
        Map<String, String> noDatabase = Map.of();

        ServerProcess.Result test = ServerProcess.runWith(
                noDatabase,
                "restore-test",
                "--from",
                file.toString(),
                "--master-key-file",
                keptKey.toString(),
                "--to-database",
                CLUSTER,
                "--to-username",
                "postgres");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("Restore test passed").contains("1 user, 0 groups, 0 vault entries");

        String target = newDatabase();
        Path restored = dir.resolve("restored");
        ServerProcess.Result restore = ServerProcess.runWith(
                noDatabase,
                "restore",
                "--from",
                file.toString(),
                "--data-dir",
                restored.toString(),
                "--master-key-file",
                keptKey.toString(),
                "--to-database",
                target,
                "--to-username",
                "postgres");
        assertThat(restore.exitCode()).as(restore.output()).isZero();
        assertThat(restore.output())
                .contains("the audit chain verified and every key set opened")
                .contains("BULWARK_DATABASE_URL=");
        assertThat(Files.readString(restored.resolve(MasterKey.FILE_NAME))).isEqualTo(Files.readString(keptKey));
        String servedUrl = restore.output().replaceAll("(?s).*BULWARK_DATABASE_URL='([^']+)'.*", "$1");

        ServerProcess.Result again = ServerProcess.runWith(
                noDatabase,
                "restore",
                "--from",
                file.toString(),
                "--data-dir",
                restored.toString(),
                "--to-database",
                target,
                "--to-username",
                "postgres");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.output()).contains("is not empty");

        try (BulwarkServer copy = TestServers.embedded(restored, Map.of("BULWARK_DATABASE_URL", servedUrl))) {
            BulwarkClient client = IdentityFixtures.admin(copy);
            assertThat(client.audit().verify().intact()).isTrue();
            assertThat(latest(client, "backup.restore").outcome().name()).isEqualTo("SUCCESS");
        }
    }

    private Path backupFile(Backup backup) {
        return dir.resolve("backups").resolve(backup.fileName());
    }

    private Restorer.KeySource ownKey() {
        return Restorer.KeySource.file(dir.resolve(MasterKey.FILE_NAME));
    }

    private ApiException restoreFails(Path file, String target) {
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> Restorer.restoreToDatabase(
                        file,
                        new Restorer.DatabaseTarget(target, "postgres", Secret.of("")),
                        dir.resolve("restored-" + UUID.randomUUID()),
                        ownKey(),
                        server.settings(),
                        Clock.systemUTC()));
        assertThat(refused).isNotNull();
        return refused;
    }

    /** A new, empty database in the test cluster; its URL. */
    private static String newDatabase() throws SQLException {
        String name =
                "restored_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(CLUSTER, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        PostgresqlUrl cluster = PostgresqlUrl.parse(CLUSTER);
        return "jdbc:postgresql:" + cluster.authority() + name + "?sslmode=disable";
    }

    private static boolean schemaExists(String url, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            return r.next();
        }
    }

    private static long restoreTestDatabases() throws SQLException {
        try (Connection c = DriverManager.getConnection(CLUSTER, "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT COUNT(*) FROM pg_database WHERE datname LIKE 'bulwark\\_restore\\_test\\_%'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A stand-in pg_dump: {@code version} answers --version, {@code dump} runs otherwise. */
    private Path fakePgDump(String name, String version, String dump) throws Exception {
        Path script = dir.resolve("fake-" + name).resolve("pg_dump");
        Files.createDirectories(script.getParent());
        Files.writeString(
                script,
                "#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then\n  " + version + "\n  exit 0\nfi\n" + dump + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static Handler capture(List<String> lines) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(new dev.bulwark.server.log.JsonLogFormatter().format(record));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        return handler;
    }

    private static String trace(Throwable e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.printStackTrace(new PrintStream(out, true, StandardCharsets.UTF_8));
        return e.getMessage() + out.toString(StandardCharsets.UTF_8);
    }

    private static AuditEvent latest(BulwarkClient client, String action) {
        return client.audit()
                .events(new AuditQuery(null, null, null, action, null, null, null, null, null, 1, null))
                .events()
                .getFirst();
    }

    private static PostureStatus check(dev.bulwark.model.posture.PostureReport report, String id) {
        return report.checks().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow()
                .status();
    }
}
