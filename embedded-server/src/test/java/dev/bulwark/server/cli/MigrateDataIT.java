package dev.bulwark.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate-data}, as an operator runs it: an H2 server moved into PostgreSQL, then served from there. */
@EnabledIf("dev.bulwark.server.TestDatabase#postgresql")
class MigrateDataIT {
    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    @Test
    void anH2Server_movesIntoAnEmptyPostgresqlDatabase_withItsChainVaultAndSignIn() throws Exception {
        Path data = dir.resolve("data");
        VaultEntry entry;
        long recordsBefore;
        try (BulwarkServer h2 = BulwarkServer.start(ServerSettings.embedded(data, TestServers.FAST_HASHING))) {
            TestServers.createAdmin(h2);
            BulwarkClient admin = IdentityFixtures.admin(h2);
            admin.groups().create(new CreateGroupRequest("Operations", "moved along"));
            entry = admin.vault()
                    .create(new CreateVaultEntryRequest(
                            "db",
                            EntryKind.PASSWORD,
                            "svc",
                            null,
                            Secret.of("moved-secret-value-7731"),
                            null,
                            List.of(),
                            List.of(),
                            null,
                            List.of()));
            recordsBefore = admin.audit().verify().verifiedUpTo();
        }
        Map<String, String> target = TestDatabase.environmentFor(elsewhere);
        String url = target.get("BULWARK_DATABASE_URL");

        ServerProcess.Result moved =
                ServerProcess.run("migrate-data", "--from", data.toString(), "--to", url, "--to-username", "postgres");

        assertThat(moved.exitCode()).as(moved.output()).isZero();
        assertThat(moved.output())
                .contains("1 user, 1 group, 1 vault entry")
                .contains("the audit chain verified on PostgreSQL");
        Map<String, String> onPostgresql = new HashMap<>(TestServers.FAST_HASHING);
        onPostgresql.putAll(target);
        try (BulwarkServer pg = BulwarkServer.start(ServerSettings.embedded(data, onPostgresql))) {
            assertThat(pg.databaseDescription()).startsWith("PostgreSQL");
            BulwarkClient admin = IdentityFixtures.admin(pg);
            assertThat(admin.vault()
                            .reveal(entry.id(), new RevealRequest(null, null))
                            .value()
                            .reveal())
                    .isEqualTo("moved-secret-value-7731");
            assertThat(admin.audit().verify().intact()).isTrue();
            assertThat(admin.audit().verify().verifiedUpTo()).isGreaterThan(recordsBefore);
            AuditEvent migrate = admin.audit()
                    .events(new AuditQuery(null, null, null, "database.migrate", null, null, null, null, null, 1, null))
                    .events()
                    .getFirst();
            assertThat(migrate.reason()).contains("the chain verified on both");
        }

        ServerProcess.Result again =
                ServerProcess.run("migrate-data", "--from", data.toString(), "--to", url, "--to-username", "postgres");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.output())
                .contains("already holds users or audit records")
                .contains("Nothing was moved");
    }

    @Test
    void aTargetThatIsNotPostgresql_orASourceWithoutAnH2File_isRefusedWithASentence() throws Exception {
        ServerProcess.Result notPostgresql =
                ServerProcess.run("migrate-data", "--from", dir.toString(), "--to", "jdbc:h2:mem:x");
        ServerProcess.Result noSource = ServerProcess.run(
                "migrate-data", "--from", dir.toString(), "--to", "jdbc:postgresql://127.0.0.1:1/none");

        assertThat(notPostgresql.output()).contains("--to must be a jdbc:postgresql: URL");
        assertThat(noSource.output()).contains("There is no H2 database in");
        assertThat(notPostgresql.exitCode()).isNotZero();
        assertThat(noSource.exitCode()).isNotZero();
    }
}
