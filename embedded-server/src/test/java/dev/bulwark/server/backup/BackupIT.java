package dev.bulwark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.backup.BackupOverview;
import dev.bulwark.model.backup.RestoreTestResult;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureReport;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.token.CreatedApiToken;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Encrypted backups of a running server: made over the API, restored, test-restored, refused when they must be. */
class BackupIT extends AdminServerFixture {

    @Test
    void aBackupDuringConcurrentWrites_restoresEveryWriteAcknowledgedBeforeIt_andTheChainVerifies() throws Exception {
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

        Path restored = dir.resolve("restored");
        Restorer.restore(
                backupFile(backup),
                restored,
                Restorer.KeySource.file(dir.resolve(MasterKey.FILE_NAME)),
                server.settings(),
                false,
                Clock.systemUTC());

        try (BulwarkServer copy = TestServers.embedded(restored)) {
            BulwarkClient again = IdentityFixtures.admin(copy);
            Set<String> names = new java.util.HashSet<>();
            for (Group g : again.groups().list().items()) {
                names.add(g.name());
            }
            assertThat(names).containsAll(beforeBackup);
            assertThat(afterBackup).containsAll(names);
            assertThat(again.audit().verify().intact()).isTrue();
            AuditEvent restore = latest(again, "backup.restore");
            assertThat(restore.targetId()).isEqualTo(backup.id().toString());
        }
    }

    @Test
    void aRestoredServer_signsTheAdminInAndReadsEveryVaultSecret_andListsTheBackupsLeftOnTheOldDiskAsMissing() {
        VaultEntry entry = admin.vault().create(entry("db", "s3cret-value-for-restore"));
        Backup earlier = admin.backups().create();
        Backup backup = admin.backups().create();
        Path restored = dir.resolve("restored");

        Restorer.restore(
                backupFile(backup),
                restored,
                Restorer.KeySource.file(dir.resolve(MasterKey.FILE_NAME)),
                server.settings(),
                false,
                Clock.systemUTC());

        try (BulwarkServer copy = TestServers.embedded(restored)) {
            BulwarkClient again = IdentityFixtures.admin(copy);
            assertThat(again.vault()
                            .reveal(entry.id(), new RevealRequest(null, null))
                            .value()
                            .reveal())
                    .isEqualTo("s3cret-value-for-restore");
            Backup listed = again.backups().list().backups().getFirst();
            assertThat(listed.id()).isEqualTo(earlier.id());
            assertThat(listed.fileMissing()).isTrue();
            PostureCheck lastBackup = check(again.posture().report(), "last-backup");
            assertThat(lastBackup.status()).isEqualTo(PostureStatus.WARN);
            assertThat(lastBackup.detail()).contains("The backup this server recorded is no longer in");
        }
        assertThat(admin.backups().list().backups()).noneMatch(Backup::fileMissing);
    }

    @Test
    void aBackupFile_isOwnerOnly_andHoldsNoPlantedSecretNoEmailAndNoMasterKeyInPlainText() throws Exception {
        String planted = "PLANTED-" + UUID.randomUUID();
        admin.vault().create(entry("planted", planted));
        IdentityFixtures.createUser(admin, "planted.person@example.com", "Planted Person", Role.USER);

        Path file = backupFile(admin.backups().create());

        byte[] bytes = Files.readAllBytes(file);
        String masterKey = Files.readString(dir.resolve(MasterKey.FILE_NAME)).trim();
        byte[] rawKey = Base64.getDecoder().decode(masterKey);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(indexOf(bytes, planted.getBytes(StandardCharsets.UTF_8))).isNegative();
        assertThat(indexOf(bytes, planted.getBytes(StandardCharsets.UTF_16BE))).isNegative();
        assertThat(indexOf(bytes, "planted.person@example.com".getBytes(StandardCharsets.UTF_8)))
                .isNegative();
        assertThat(indexOf(bytes, masterKey.getBytes(StandardCharsets.US_ASCII)))
                .isNegative();
        assertThat(indexOf(bytes, rawKey)).isNegative();
        assertThat(indexOf(bytes, "INSERT INTO".getBytes(StandardCharsets.US_ASCII)))
                .isNegative();
    }

    @Test
    void aWrongMasterKey_isRefusedWithASentence_andNothingIsWritten() throws Exception {
        Path file = backupFile(admin.backups().create());
        Path otherKey = dir.resolve("other.key");
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        Files.writeString(otherKey, Base64.getEncoder().encodeToString(random) + "\n");
        Files.setPosixFilePermissions(otherKey, PosixFilePermissions.fromString("rw-------"));

        ApiException refused = restoreFails(file, Restorer.KeySource.file(otherKey));

        assertThat(refused.type()).isEqualTo(ProblemType.BACKUP_REFUSED);
        assertThat(refused.detail())
                .contains("cannot be opened with this master key")
                .contains("another master key");
    }

    @Test
    void aFlippedByte_isRefusedAsAltered_andNothingIsWritten() throws Exception {
        Path file = backupFile(admin.backups().create());
        Path flipped = dir.resolve("flipped.bwbackup");
        byte[] bytes = Files.readAllBytes(file);
        bytes[BackupFile.HEADER_BYTES + (bytes.length - BackupFile.HEADER_BYTES) / 2] ^= 0x01;
        Files.write(flipped, bytes);

        ApiException refused = restoreFails(flipped, ownKey());

        assertThat(refused.detail()).contains("was altered").contains("SHA-256");
    }

    @Test
    void aTruncatedFile_isRefusedAsTruncated_andNothingIsWritten() throws Exception {
        Path file = backupFile(admin.backups().create());
        Path truncated = dir.resolve("truncated.bwbackup");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));

        ApiException refused = restoreFails(truncated, ownKey());

        assertThat(refused.detail()).contains("is truncated");
    }

    @Test
    void aFileOfANewerFormat_isRefusedWithTheVersionToUse() throws Exception {
        Path file = backupFile(admin.backups().create());
        Path newer = dir.resolve("newer.bwbackup");
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Files.write(newer, text.replaceFirst("\"format\":1", "\"format\":9").getBytes(StandardCharsets.ISO_8859_1));

        ApiException refused = restoreFails(newer, ownKey());

        assertThat(refused.detail()).contains("was written by a newer Bulwark").contains("backup format 9");
    }

    @Test
    void aFileFromAnotherServer_isRefusedBothByRestoreAndByTheRestoreTestOfAListedBackup() throws Exception {
        Path otherDir = dir.resolve("other-server");
        Path foreign;
        try (BulwarkServer other = TestServers.embedded(otherDir)) {
            TestServers.createAdmin(other);
            Backup made = IdentityFixtures.admin(other).backups().create();
            foreign = otherDir.resolve("backups").resolve(made.fileName());
        }
        ApiException refused = restoreFails(foreign, ownKey());
        assertThat(refused.detail())
                .contains("cannot be opened with this master key")
                .contains("another server");

        Backup mine = admin.backups().create();
        Files.copy(foreign, backupFile(mine), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RestoreTestResult test = admin.backups().restoreTest(mine.id());

        assertThat(test.passed()).isFalse();
        assertThat(test.detail()).contains("was made by another Bulwark server");
        assertThat(latest(admin, "backup.restore-test").outcome().name()).isEqualTo("FAILURE");
    }

    @Test
    void aNonEmptyDataDirectory_isRefusedWithoutForce_andKeptBesideTheRestoreWithIt() throws Exception {
        Path file = backupFile(admin.backups().create());
        Path target = dir.resolve("occupied");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep.txt"), "mine");

        ApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                ApiException.class,
                () -> Restorer.restore(file, target, ownKey(), server.settings(), false, Clock.systemUTC()));
        var replaced = Restorer.restore(file, target, ownKey(), server.settings(), true, Clock.systemUTC());

        assertThat(refused.detail()).contains("is not empty").contains("--force");
        assertThat(replaced).isPresent();
        assertThat(Files.readString(replaced.get().resolve("keep.txt"))).isEqualTo("mine");
        assertThat(target.resolve("bulwark.mv.db")).exists();
    }

    @Test
    void aRestoreTest_isStoredListedAndTurnsBothBackupChecksOfThePostureReportGreen() {
        Backup backup = admin.backups().create();

        RestoreTestResult test = admin.backups().restoreTest(backup.id());
        BackupOverview overview = admin.backups().list();
        PostureReport posture = admin.posture().report();

        assertThat(test.passed()).as(test.detail()).isTrue();
        assertThat(test.users()).isEqualTo(1);
        assertThat(test.auditRecords()).isGreaterThanOrEqualTo(backup.auditHeadSeq());
        assertThat(overview.backups()).hasSize(1);
        assertThat(overview.backups().getFirst().restoreTest().passed()).isTrue();
        assertThat(overview.masterKeyNote())
                .contains(dir.resolve(MasterKey.FILE_NAME).toString())
                .contains("keep a copy of it apart from the backups");
        assertThat(check(posture, "last-backup").status()).isEqualTo(PostureStatus.PASS);
        assertThat(check(posture, "last-restore-test").status()).isEqualTo(PostureStatus.PASS);
        assertThat(check(posture, "last-restore-test").detail()).contains("1 user, 0 groups, 0 vault entries");
        assertThat(latest(admin, "backup.create").targetId())
                .isEqualTo(backup.id().toString());
        assertThat(latest(admin, "backup.restore-test").outcome().name()).isEqualTo("SUCCESS");
        assertThat(dir.resolve("backups")).isDirectoryNotContaining("glob:**/.restore-test-*");
    }

    @Test
    void aNonAdministrator_andAnAdministratorsTokenNarrowedAwayFromSettings_areRefusedAndAudited() {
        IdentityFixtures.createUser(admin, "eve@example.com", "Eve", Role.EDITOR);
        BulwarkClient eve = IdentityFixtures.signIn(server, "eve@example.com");
        CreatedApiToken narrowed =
                admin.me().tokens().create(new CreateApiTokenRequest("vault only", null, List.of(Module.VAULT), null));
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), narrowed.value());

        ApiException byEditor = failure(() -> eve.backups().create());
        ApiException byToken = failure(() -> script.backups().create());
        ApiException listByEditor = failure(() -> eve.backups().list());

        assertThat(byEditor.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(byToken.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(byToken.detail()).contains("limited to other modules");
        assertThat(listByEditor.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(admin.backups().list().backups()).isEmpty();
        assertThat(latest(admin, "permission.denied").outcome().name()).isEqualTo("DENIED");
    }

    private Path backupFile(Backup backup) {
        return dir.resolve("backups").resolve(backup.fileName());
    }

    private Restorer.KeySource ownKey() {
        return Restorer.KeySource.file(dir.resolve(MasterKey.FILE_NAME));
    }

    /** Restores {@code file} into a new directory, expecting a refusal; nothing may appear next to the target. */
    private ApiException restoreFails(Path file, Restorer.KeySource key) throws Exception {
        Path parent = Files.createDirectories(dir.resolve("restores-" + UUID.randomUUID()));
        Path target = parent.resolve("new");
        ApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                ApiException.class,
                () -> Restorer.restore(file, target, key, server.settings(), false, Clock.systemUTC()));
        assertThat(refused).isNotNull();
        assertThat(refused.type()).isEqualTo(ProblemType.BACKUP_REFUSED);
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).isEmpty();
        }
        return refused;
    }

    private static CreateVaultEntryRequest entry(String name, String secret) {
        return new CreateVaultEntryRequest(
                name,
                EntryKind.PASSWORD,
                "svc-" + name,
                "https://" + name + ".example.com",
                Secret.of(secret),
                null,
                List.of(),
                List.of(),
                null,
                List.of());
    }

    private static AuditEvent latest(BulwarkClient client, String action) {
        return client.audit()
                .events(new AuditQuery(null, null, null, action, null, null, null, null, null, 1, null))
                .events()
                .getFirst();
    }

    private static PostureCheck check(PostureReport report, String id) {
        return report.checks().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
