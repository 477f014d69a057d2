package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoredAuditEventTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static StoredAuditEvent event(String actorEmail, String targetName) {
        return new StoredAuditEvent(
                1,
                ID,
                Instant.parse("2026-11-22T18:00:00.123456Z"),
                "ANONYMOUS",
                null,
                actorEmail,
                "password",
                "127.0.0.1",
                "tests",
                "auth.login.failure",
                null,
                null,
                targetName,
                "DENIED",
                null,
                null,
                null,
                StoredAuditEvent.GENESIS_HASH,
                null);
    }

    @Test
    void canonicalForm_listsEveryFieldInOrderWithLengthPrefixes() {
        String canonical = new String(event("ünï@example.com", null).canonical(), StandardCharsets.UTF_8);

        assertThat(canonical)
                .isEqualTo("1:1\n36:" + ID + "\n27:2026-11-22T18:00:00.123456Z\n9:ANONYMOUS\n~\n17:ünï@example.com\n"
                        + "8:password\n9:127.0.0.1\n5:tests\n18:auth.login.failure\n~\n~\n~\n6:DENIED\n~\n~\n~\n");
    }

    @Test
    void movingTextBetweenFields_changesTheHash() {
        String a = event("a@example.com", "b").computeHash(StoredAuditEvent.GENESIS_HASH);
        String b = event("a@example.co", "mb").computeHash(StoredAuditEvent.GENESIS_HASH);

        assertThat(a).hasSize(64).isNotEqualTo(b);
    }

    @Test
    void hash_dependsOnThePreviousHash() {
        StoredAuditEvent e = event("a@example.com", null);

        assertThat(e.computeHash(StoredAuditEvent.GENESIS_HASH)).isNotEqualTo(e.computeHash("1".repeat(64)));
    }
}
