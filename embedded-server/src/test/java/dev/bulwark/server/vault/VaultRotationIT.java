package dev.bulwark.server.vault;

import static dev.bulwark.server.vault.VaultFixtures.full;
import static dev.bulwark.server.vault.VaultFixtures.password;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.vault.KeyUsage;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.RotationStatus;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultRotationIT extends AdminServerFixture {
    private static final String ADMIN = "rotator@example.com";
    private static final String ADMIN_PASSWORD = "amber kettle violin 5521";

    @TempDir
    Path standalone;

    @Test
    void rotatingTheDataKey_reencryptsEveryValue_thenDisablesTheOldKey() throws Exception {
        Map<UUID, String> secrets = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            secrets.put(
                    admin.vault().create(password("entry-" + i, "value-" + i)).id(), "value-" + i);
        }
        RotationStatus before = admin.vault().rotationStatus();
        assertThat(before.keys()).singleElement().satisfies(k -> assertThat(k.values())
                .isEqualTo(20));

        RotationStatus started = admin.vault().rotate();
        assertThat(started.primaryKeyId()).isNotEqualTo(before.primaryKeyId());
        RotationStatus done = awaitStatus(admin, s -> !s.running(), Duration.ofSeconds(30));

        assertThat(done.remaining()).isZero();
        assertThat(done.keys())
                .extracting(k -> k.keyId() + ":" + k.state() + ":" + k.values())
                .containsExactlyInAnyOrder(
                        before.primaryKeyId() + ":DISABLED:0", started.primaryKeyId() + ":PRIMARY:20");
        secrets.forEach((id, value) -> assertThat(
                        admin.vault().reveal(id, RevealRequest.secret()).value().reveal())
                .isEqualTo(value));
        assertThat(admin.audit().events(AuditQuery.all()).events())
                .extracting(AuditEvent::action)
                .contains("vault.key.rotate", "vault.key.rotation.complete");
    }

    @Test
    void rotation_needsSettingsWrite() {
        IdentityFixtures.createUser(admin, "eve@example.com", "Eve", Role.EDITOR);
        BulwarkClient eve = IdentityFixtures.signIn(server, "eve@example.com");
        assertThat(failure(() -> eve.vault().rotate()).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> eve.vault().rotationStatus()).type()).isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void aServerKilledHalfWayThroughARotation_finishesItAfterRestart_withEverySecretReadable() throws Exception {
        Path data = standalone.resolve("data");
        Path config = standalone.resolve("bulwark.yaml");
        Files.writeString(config, "vault:\n  rotation-batch-size: 4\n  rotation-pause: 100ms\n");
        Path passwordFile = standalone.resolve("admin-password");
        Files.writeString(passwordFile, ADMIN_PASSWORD);
        ServerProcess.Result init = ServerProcess.run(
                "init",
                "--data-dir",
                data.toString(),
                "--admin-email",
                ADMIN,
                "--admin-password-file",
                passwordFile.toString());
        assertThat(init.exitCode()).as(init.output()).isZero();

        Map<UUID, String> secrets = new LinkedHashMap<>();
        long oldKey;
        try (ServerProcess serve = serve(data, config)) {
            BulwarkClient client = signIn(serve);
            for (int i = 0; i < 40; i++) {
                String value = "kill-secret-" + i + "-" + UUID.randomUUID();
                UUID id = client.vault()
                        .create(full("entry-" + i, value, "notes-" + value, "pin-" + i, List.of(), null))
                        .id();
                secrets.put(id, value);
            }
            oldKey = client.vault().rotationStatus().primaryKeyId();
            long total = 40 * 3;
            client.vault().rotate();
            RotationStatus halfWay =
                    awaitStatus(client, s -> s.remaining() > 0 && s.remaining() < total - 20, Duration.ofSeconds(60));
            serve.killHard();
            assertThat(halfWay.running()).isTrue();
        }

        try (ServerProcess serve = serve(data, config)) {
            BulwarkClient client = signIn(serve);
            RotationStatus done = awaitStatus(client, s -> !s.running(), Duration.ofSeconds(90));
            assertThat(done.remaining()).isZero();
            assertThat(done.keys())
                    .filteredOn(k -> k.keyId() == oldKey)
                    .singleElement()
                    .extracting(KeyUsage::state)
                    .isEqualTo("DISABLED");
            List<String> wrong = new ArrayList<>();
            secrets.forEach((id, value) -> {
                String revealed = client.vault()
                        .reveal(id, RevealRequest.secret())
                        .value()
                        .reveal();
                String notes = client.vault()
                        .reveal(id, new RevealRequest(null, "notes"))
                        .value()
                        .reveal();
                if (!revealed.equals(value) || !notes.equals("notes-" + value)) {
                    wrong.add(id.toString());
                }
            });
            assertThat(wrong).isEmpty();
            assertThat(serve.output()).doesNotContain("kill-secret-");
        }

        ServerProcess.Result rotate = ServerProcess.run("rotate-keys", "--data-dir", data.toString());
        assertThat(rotate.exitCode()).as(rotate.output()).isZero();
        assertThat(rotate.output()).contains("120 values re-encrypted");
        ServerProcess.Result master = ServerProcess.run("rotate-keys", "--data-dir", data.toString(), "--master");
        assertThat(master.exitCode()).as(master.output()).isZero();
        try (ServerProcess serve = serve(data, config)) {
            BulwarkClient client = signIn(serve);
            secrets.forEach((id, value) -> assertThat(client.vault()
                            .reveal(id, RevealRequest.secret())
                            .value()
                            .reveal())
                    .isEqualTo(value));
        }
    }

    private static ServerProcess serve(Path data, Path config) throws Exception {
        ServerProcess serve = ServerProcess.start(
                "serve", "--data-dir", data.toString(), "--config", config.toString(), "--port", "0", "--plain-http");
        serve.awaitListening(Duration.ofSeconds(60));
        return serve;
    }

    private static BulwarkClient signIn(ServerProcess serve) throws Exception {
        BulwarkClient client = new BulwarkClient(serve.awaitListening(Duration.ofSeconds(5)));
        client.auth().login(new LoginRequest(ADMIN, Secret.of(ADMIN_PASSWORD)));
        return client;
    }

    /** Polls the rotation status until {@code done} holds (the job runs in the background). */
    private static RotationStatus awaitStatus(BulwarkClient client, Predicate<RotationStatus> done, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        RotationStatus status = client.vault().rotationStatus();
        while (!done.test(status)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("The rotation did not reach the expected state: " + status);
            }
            Thread.sleep(20);
            try {
                status = client.vault().rotationStatus();
            } catch (ApiException e) {
                throw new AssertionError("Status failed: " + e.type(), e);
            }
        }
        return status;
    }
}
