package dev.bulwark.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.RotationStatus;
import dev.bulwark.server.ServerNodes;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.db.JobLocks;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background job whose node dies half-way is taken over by another node process
 * (docs/decisions/0040-background-jobs-on-one-node.md): a vault data-key rotation, slowed down to one value per
 * batch, runs on node A alone; node B starts; A is killed with SIGKILL mid-rotation; the rotation stands still
 * while A's lock lease runs out, then B finishes it, and every value opens. Only in the PostgreSQL run.
 */
class JobTakeoverIT {
    private static final int ENTRIES = 40;

    @TempDir
    Path dir;

    @Test
    void aRotationWhoseNodeIsKilled_isFinishedByTheOtherNode_afterTheLease() throws Exception {
        assumeTrue(TestDatabase.postgresql(), "two nodes need a shared PostgreSQL database (-DpostgresqlTestCluster)");
        try (ServerNodes nodes = ServerNodes.start(
                dir, Map.of("BULWARK_VAULT_ROTATION_BATCH_SIZE", "1", "BULWARK_VAULT_ROTATION_PAUSE", "250ms"))) {
            nodes.b().stop(); // A alone takes the rotation's lock
            BulwarkClient onA = signedIn(nodes.uriA());
            Map<UUID, String> written = new HashMap<>();
            for (int i = 0; i < ENTRIES; i++) {
                String value = "value-" + i + "-" + UUID.randomUUID();
                written.put(onA.vault().create(entry("entry-" + i, value)).id(), value);
            }
            long oldKey = onA.vault().rotationStatus().primaryKeyId();
            onA.vault().rotate();
            await(Duration.ofSeconds(30), () -> onA.vault().rotationStatus().remaining() < ENTRIES - 2);

            try (ServerProcess b = nodes.restartB()) {
                URI uriB = b.awaitListening(Duration.ofSeconds(60));
                BulwarkClient onB = signedIn(uriB);
                nodes.a().killHard();
                long atTheKill = onB.vault().rotationStatus().remaining();
                assertThat(atTheKill)
                        .as("the rotation was under way when A died")
                        .isPositive();

                Thread.sleep(4_000);
                assertThat(onB.vault().rotationStatus().remaining())
                        .as("B waits while the dead node's lease runs")
                        .isEqualTo(atTheKill);
                long killedAt = System.nanoTime();
                await(JobLocks.LEASE.plus(Duration.ofSeconds(60)), () -> {
                    RotationStatus s = onB.vault().rotationStatus();
                    return s.remaining() == 0 && s.primaryKeyId() != oldKey && oldKeyDisabled(s, oldKey);
                });
                Duration tookOver =
                        Duration.ofNanos(System.nanoTime() - killedAt).plusSeconds(4);

                assertThat(b.output()).contains("Vault key rotation complete");
                assertThat(tookOver).isLessThan(JobLocks.LEASE.plus(Duration.ofSeconds(60)));
                for (Map.Entry<UUID, String> e : written.entrySet()) {
                    assertThat(onB.vault()
                                    .reveal(e.getKey(), RevealRequest.secret())
                                    .value()
                                    .reveal())
                            .isEqualTo(e.getValue());
                }
            }
        }
    }

    private static boolean oldKeyDisabled(RotationStatus status, long keyId) {
        return status.keys().stream().filter(k -> k.keyId() == keyId).anyMatch(k -> k.state()
                .equals("DISABLED"));
    }

    private static BulwarkClient signedIn(URI uri) {
        BulwarkClient client = new BulwarkClient(uri);
        client.auth().login(new LoginRequest(TestServers.ADMIN_EMAIL, Secret.of(TestServers.ADMIN_PASSWORD)));
        return client;
    }

    private static CreateVaultEntryRequest entry(String name, String secret) {
        return new CreateVaultEntryRequest(
                name, EntryKind.PASSWORD, "svc", null, Secret.of(secret), null, List.of(), List.of(), null, List.of());
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
