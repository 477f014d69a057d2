package dev.bulwark.server.vault;

import static dev.bulwark.server.vault.VaultFixtures.full;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.CustomFieldInput;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.RevealedSecret;
import dev.bulwark.model.vault.UpdateVaultEntryRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.log.JsonLogFormatter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants vault secrets through every vault API that takes one, in good and bad requests, and proves none reaches
 * a log line, a problem answer, an exception, an audit record, a {@code toString} or the database file.
 */
class VaultSecretLeakIT {
    private static final List<String> PLANTED = List.of(
            "leak-secret-A1x", "leak-notes-B2y", "leak-pin-C3z", "leak-new-D4w", "leak-new-notes-E5v", "leak-bad-F6u");

    @TempDir
    Path dir;

    @Test
    void plantedVaultSecrets_neverAppearOutsideTheirCiphertextsAndReveals() throws Exception {
        List<String> logLines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logLines.add(new JsonLogFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        StringBuilder outside = new StringBuilder();
        UUID id;
        try {
            try (BulwarkServer server = TestServers.embedded(dir)) {
                TestServers.createAdmin(server);
                BulwarkClient admin = IdentityFixtures.admin(server);
                CreateVaultEntryRequest create =
                        full("leaky", PLANTED.get(0), PLANTED.get(1), PLANTED.get(2), List.of("x"), null);
                outside.append(create).append(create.customFields());
                VaultEntry entry = admin.vault().create(create);
                id = entry.id();
                outside.append(entry).append(Json.lenient().writeValueAsString(entry));
                UpdateVaultEntryRequest update = new UpdateVaultEntryRequest(
                        entry.version(),
                        entry.name(),
                        entry.kind(),
                        null,
                        null,
                        Secret.of(PLANTED.get(3)),
                        Secret.of(PLANTED.get(4)),
                        List.of(),
                        List.of(CustomFieldInput.secret("pin", null)),
                        null,
                        null);
                outside.append(update);
                outside.append(admin.vault().update(id, update));
                outside.append(failure(() -> admin.vault().update(id, update)));
                outside.append(failure(() -> admin.vault()
                        .create(new CreateVaultEntryRequest(
                                "bad\u0001",
                                EntryKind.PASSWORD,
                                null,
                                null,
                                Secret.of(PLANTED.get(5) + "x".repeat(70_000)),
                                Secret.of(PLANTED.get(5)),
                                List.of(),
                                List.of(CustomFieldInput.secret("secret", Secret.of(PLANTED.get(5)))),
                                null,
                                List.of()))));
                RevealedSecret revealed = admin.vault().reveal(id, new RevealRequest("audit check", null));
                assertThat(revealed.value().reveal()).isEqualTo(PLANTED.get(3));
                outside.append(revealed);
                admin.vault().reveal(id, new RevealRequest(null, "notes"));
                admin.vault().reveal(id, new RevealRequest(null, "pin"));
                admin.vault().copied(id, "pin");
                outside.append(admin.vault().versions(id)).append(admin.vault().health());
                outside.append(Json.lenient().writeValueAsString(admin.audit().events(AuditQuery.all())));
            }
            // a ciphertext moved to another field makes the server fail: its log and answer must stay clean too
            try (Connection c = dev.bulwark.server.TestDatabase.connect(dir);
                    PreparedStatement s = c.prepareStatement(
                            "UPDATE vault_value SET field = 'notes-moved' WHERE entry_id = ? AND field = 'notes'")) {
                s.setObject(1, id);
                s.executeUpdate();
            }
            try (Connection c = dev.bulwark.server.TestDatabase.connect(dir);
                    PreparedStatement s = c.prepareStatement("""
                            UPDATE vault_value SET field = 'notes', version = 2
                             WHERE entry_id = ? AND field = 'secret' AND is_current
                            """)) {
                s.setObject(1, id);
                s.executeUpdate();
            }
            try (BulwarkServer server = TestServers.embedded(dir)) {
                BulwarkClient admin = IdentityFixtures.admin(server);
                UUID moved = id;
                outside.append(failure(() -> admin.vault().reveal(moved, new RevealRequest(null, "notes"))));
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }

        String logs = String.join("\n", logLines);
        byte[] file = TestDatabase.storedContent(dir);
        String database = new String(file, StandardCharsets.ISO_8859_1) + new String(file, StandardCharsets.UTF_16BE);
        assertThat(logs).as("the capture saw the server fail to decrypt").contains("does not decrypt");
        assertThat(outside.toString()).as("the audit trail was read").contains("vault.entry.reveal");
        for (String value : PLANTED) {
            assertThat(logs).as("logs").doesNotContain(value);
            assertThat(outside.toString())
                    .as("answers, problems, audit records, toString")
                    .doesNotContain(value);
            assertThat(database).as("database file").doesNotContain(value);
        }
    }

    private static String failure(Runnable call) {
        try {
            call.run();
            return "";
        } catch (ApiException e) {
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            e.printStackTrace(new PrintStream(trace, true, StandardCharsets.UTF_8));
            return e.getMessage() + e.fieldErrors() + trace.toString(StandardCharsets.UTF_8);
        }
    }
}
