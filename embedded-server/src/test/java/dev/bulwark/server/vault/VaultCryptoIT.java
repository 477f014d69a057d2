package dev.bulwark.server.vault;

import static dev.bulwark.server.vault.VaultFixtures.full;
import static dev.bulwark.server.vault.VaultFixtures.newSecret;
import static dev.bulwark.server.vault.VaultFixtures.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.crypto.MasterKeyRotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault's encryption, checked against the H2 file itself, the way someone with the disk would see it. */
class VaultCryptoIT {
    @TempDir
    Path dir;

    @Test
    void ciphertextsSwappedBetweenRows_failLoudly_neverOpeningAsTheOtherSecret() throws Exception {
        UUID a;
        UUID b;
        try (BulwarkServer server = started()) {
            BulwarkClient admin = IdentityFixtures.admin(server);
            a = admin.vault().create(password("alpha", "alpha-secret-value")).id();
            b = admin.vault().create(password("bravo", "bravo-secret-value")).id();
        }
        swap(a, "secret", 1, b, "secret", 1);

        try (BulwarkServer server = TestServers.embedded(dir)) {
            BulwarkClient admin = IdentityFixtures.admin(server);
            for (UUID id : List.of(a, b)) {
                ApiException problem = catchThrowableOfType(
                        ApiException.class, () -> admin.vault().reveal(id, RevealRequest.secret()));
                assertThat(problem.type()).isEqualTo(ProblemType.INTERNAL_ERROR);
                assertThat(problem.getMessage()).doesNotContain("alpha-secret-value", "bravo-secret-value");
            }
        }
    }

    @Test
    void ciphertextsSwappedBetweenFieldsOrVersionsOfOneEntry_failLoudly() throws Exception {
        UUID id;
        try (BulwarkServer server = started()) {
            BulwarkClient admin = IdentityFixtures.admin(server);
            VaultEntry entry = admin.vault().create(full("api", "key-one", "the-notes", "1234", List.of(), null));
            admin.vault().update(entry.id(), newSecret(entry, "key-two"));
            id = entry.id();
        }
        swap(id, "secret", 2, id, "notes", 1);

        try (BulwarkServer server = TestServers.embedded(dir)) {
            BulwarkClient admin = IdentityFixtures.admin(server);
            for (String field : List.of("secret", "notes")) {
                assertThat(catchThrowableOfType(ApiException.class, () -> admin.vault()
                                        .reveal(id, new RevealRequest(null, field)))
                                .type())
                        .isEqualTo(ProblemType.INTERNAL_ERROR);
            }
        }
        swap(id, "secret", 2, id, "notes", 1);
        swap(id, "secret", 1, id, "secret", 2);
        try (BulwarkServer server = TestServers.embedded(dir)) {
            BulwarkClient admin = IdentityFixtures.admin(server);
            assertThat(catchThrowableOfType(
                                    ApiException.class, () -> admin.vault().reveal(id, RevealRequest.secret()))
                            .type())
                    .isEqualTo(ProblemType.INTERNAL_ERROR);
            assertThat(admin.vault()
                            .reveal(id, new RevealRequest(null, "notes"))
                            .value()
                            .reveal())
                    .isEqualTo("the-notes");
        }
    }

    @Test
    void theDatabaseFile_holdsNoSecretValueInPlainText() throws Exception {
        List<String> planted = List.of(
                "planted-secret-Vq81",
                "planted-notes-Kw22",
                "planted-pin-Zr93",
                "planted-old-Hm04",
                "planted-new-Jt55");
        try (BulwarkServer server = started()) {
            BulwarkClient admin = IdentityFixtures.admin(server);
            VaultEntry entry = admin.vault()
                    .create(full("plant", planted.get(0), planted.get(1), planted.get(2), List.of("t"), null));
            VaultEntry old = admin.vault().create(password("old", planted.get(3)));
            admin.vault().update(old.id(), newSecret(old, planted.get(4)));
            admin.vault().reveal(entry.id(), RevealRequest.secret());
        }
        byte[] file = TestDatabase.storedContent(dir);
        String text = new String(file, StandardCharsets.ISO_8859_1) + new String(file, StandardCharsets.UTF_16BE);
        assertThat(text)
                .as("the names are stored in clear, so the scan reads the file")
                .contains("plant");
        for (String value : planted) {
            assertThat(text).as("database file").doesNotContain(value);
        }
    }

    @Test
    void aWrongOrMissingMasterKey_stopsTheStartWithOneSentence_andTouchesNothing() throws Exception {
        UUID id;
        try (BulwarkServer server = started()) {
            id = IdentityFixtures.admin(server)
                    .vault()
                    .create(password("kept", "kept-value"))
                    .id();
        }
        byte[] key = Files.readAllBytes(dir.resolve(MasterKey.FILE_NAME));
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);

        assertThatThrownBy(() -> TestServers.embedded(
                        dir, Map.of("BULWARK_MASTER_KEY", Base64.getEncoder().encodeToString(other))))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("master key")
                .hasMessageNotContaining("\n");
        Path moved = dir.resolve("elsewhere.key");
        Files.move(dir.resolve(MasterKey.FILE_NAME), moved);
        assertThatThrownBy(() -> TestServers.embedded(dir))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("The master key is missing");
        assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
        Files.move(moved, dir.resolve(MasterKey.FILE_NAME));

        assertThat(Files.readAllBytes(dir.resolve(MasterKey.FILE_NAME))).isEqualTo(key);
        try (BulwarkServer server = TestServers.embedded(dir)) {
            assertThat(IdentityFixtures.admin(server)
                            .vault()
                            .reveal(id, RevealRequest.secret())
                            .value()
                            .reveal())
                    .isEqualTo("kept-value");
        }
    }

    @Test
    void rotatingTheMasterKey_rewrapsTheKeySets_andEverySecretStillOpens() throws Exception {
        UUID id;
        try (BulwarkServer server = started()) {
            id = IdentityFixtures.admin(server)
                    .vault()
                    .create(password("kept", "kept-value"))
                    .id();
        }
        byte[] before = Files.readAllBytes(dir.resolve(MasterKey.FILE_NAME));
        try (BulwarkServer server =
                BulwarkServer.open(ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of())))) {
            assertThat(server.vaultRotation().rotateMasterKey()).isGreaterThanOrEqualTo(3);
        }
        assertThat(Files.readAllBytes(dir.resolve(MasterKey.FILE_NAME))).isNotEqualTo(before);
        assertThat(dir.resolve(MasterKeyRotation.NEXT_FILE_NAME)).doesNotExist();
        try (BulwarkServer server = TestServers.embedded(dir)) {
            BulwarkClient admin = IdentityFixtures.admin(server);
            assertThat(admin.vault().reveal(id, RevealRequest.secret()).value().reveal())
                    .isEqualTo("kept-value");
            assertThat(admin.audit()
                            .events(dev.bulwark.model.audit.AuditQuery.all())
                            .events())
                    .extracting(e -> e.action())
                    .contains("vault.master-key.rotate");
        }
    }

    @Test
    void aMasterKeyRotationCutShort_isFinishedOrUndoneAtTheNextStart() throws Exception {
        UUID id;
        try (BulwarkServer server = started()) {
            id = IdentityFixtures.admin(server)
                    .vault()
                    .create(password("kept", "kept-value"))
                    .id();
        }
        Path file = dir.resolve(MasterKey.FILE_NAME);
        Path next = dir.resolve(MasterKeyRotation.NEXT_FILE_NAME);

        // cut short before the key sets were re-wrapped: the new key is discarded
        Files.copy(file, next);
        Files.writeString(next, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        try (BulwarkServer server = TestServers.embedded(dir)) {
            assertThat(IdentityFixtures.admin(server)
                            .vault()
                            .reveal(id, RevealRequest.secret())
                            .value()
                            .reveal())
                    .isEqualTo("kept-value");
        }
        assertThat(next).doesNotExist();

        // cut short after the re-wrap, before the new file replaced the old: the new key is installed
        byte[] old = Files.readAllBytes(file);
        try (BulwarkServer server =
                BulwarkServer.open(ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of())))) {
            server.vaultRotation().rotateMasterKey();
        }
        Files.move(file, next);
        Files.write(file, old);
        try (BulwarkServer server = TestServers.embedded(dir)) {
            assertThat(IdentityFixtures.admin(server)
                            .vault()
                            .reveal(id, RevealRequest.secret())
                            .value()
                            .reveal())
                    .isEqualTo("kept-value");
        }
        assertThat(next).doesNotExist();
        assertThat(Files.readAllBytes(file)).isNotEqualTo(old);
    }

    private BulwarkServer started() {
        BulwarkServer server = TestServers.embedded(dir);
        TestServers.createAdmin(server);
        return server;
    }

    private void swap(UUID a, String fieldA, int versionA, UUID b, String fieldB, int versionB) throws SQLException {
        try (Connection c = dev.bulwark.server.TestDatabase.connect(dir)) {
            byte[] first = ciphertext(c, a, fieldA, versionA);
            byte[] second = ciphertext(c, b, fieldB, versionB);
            store(c, a, fieldA, versionA, second);
            store(c, b, fieldB, versionB, first);
        }
    }

    private static byte[] ciphertext(Connection c, UUID id, String field, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT ciphertext FROM vault_value WHERE entry_id = ? AND field = ? AND version = ?")) {
            s.setObject(1, id);
            s.setString(2, field);
            s.setInt(3, version);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as(field + " v" + version).isTrue();
                return r.getBytes(1);
            }
        }
    }

    private static void store(Connection c, UUID id, String field, int version, byte[] ciphertext) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE vault_value SET ciphertext = ? WHERE entry_id = ? AND field = ? AND version = ?")) {
            s.setBytes(1, ciphertext);
            s.setObject(2, id);
            s.setString(3, field);
            s.setInt(4, version);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
