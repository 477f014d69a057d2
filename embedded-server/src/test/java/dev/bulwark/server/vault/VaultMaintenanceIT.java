package dev.bulwark.server.vault;

import static dev.bulwark.server.vault.VaultFixtures.full;
import static dev.bulwark.server.vault.VaultFixtures.password;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault's background work: expired trash is destroyed, expiring entries get one reminder a day. */
class VaultMaintenanceIT {
    @TempDir
    Path dir;

    @Test
    void expiredTrashIsPurged_andExpiringEntriesAreRemindedOfOnce() throws Exception {
        Map<String, String> env = Map.of(
                "BULWARK_VAULT_TRASH_RETENTION", "1s",
                "BULWARK_VAULT_MAINTENANCE_INTERVAL", "1s");
        try (BulwarkServer server = TestServers.embedded(dir, env)) {
            TestServers.createAdmin(server);
            BulwarkClient admin = IdentityFixtures.admin(server);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            VaultEntry expiring = admin.vault().create(full("soon", "k", "n", "1", List.of(), today.plusDays(3)));
            admin.vault().create(full("later", "k", "n", "1", List.of(), today.plusDays(30)));
            VaultEntry old = admin.vault().create(password("old", "old-value"));
            admin.vault().delete(old.id());

            await(() -> admin.vault().trash().entries().isEmpty());
            await(() -> actions(admin).contains("vault.entry.purge"));
            await(() -> actions(admin).contains("vault.entry.expiry.reminder"));
            Thread.sleep(2_500); // two more maintenance runs: still one reminder today

            List<AuditEvent> reminders = admin.audit().events(AuditQuery.all()).events().stream()
                    .filter(e -> e.action().equals("vault.entry.expiry.reminder"))
                    .toList();
            assertThat(reminders).singleElement().satisfies(e -> {
                assertThat(e.targetId()).isEqualTo(expiring.id().toString());
                assertThat(e.reason()).isEqualTo("Expires on " + today.plusDays(3) + ".");
            });
        }
    }

    private static List<String> actions(BulwarkClient admin) {
        return admin.audit().events(AuditQuery.all()).events().stream()
                .map(AuditEvent::action)
                .toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("The vault's maintenance did not happen within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
