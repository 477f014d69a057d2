package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.audit.ChainProblem;
import dev.bulwark.model.audit.ChainVerification;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditTextTest {
    @Test
    void maskedValues_readHidden_andAbsentOnesADash() {
        assertThat(AuditText.value(AuditChange.MASKED)).isEqualTo("hidden");
        assertThat(AuditText.value(null)).isEqualTo("—");
        assertThat(AuditText.value("EDITOR")).isEqualTo("EDITOR");
    }

    @Test
    void verification_readsVerifiedUpToOrBrokenAtWithTheReason() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        assertThat(AuditText.verification(new ChainVerification(true, 57, 1, null, null, "intact", now)))
                .isEqualTo("Verified up to 57");
        assertThat(AuditText.verification(new ChainVerification(
                        false,
                        11,
                        0,
                        12L,
                        ChainProblem.HASH_MISMATCH,
                        "Record 12 does not match its hash: it was changed.",
                        now)))
                .isEqualTo("Broken at 12: Record 12 does not match its hash: it was changed.");
    }

    @Test
    void actors_readAsEmailSystemOrNotSignedIn() {
        UUID id = UUID.randomUUID();
        assertThat(AuditText.actor(new AuditActor(AuditActor.Kind.USER, id, "ada@example.com")))
                .isEqualTo("ada@example.com");
        assertThat(AuditText.actor(new AuditActor(AuditActor.Kind.USER, id, null)))
                .isEqualTo(id.toString());
        assertThat(AuditText.actor(new AuditActor(AuditActor.Kind.SYSTEM, null, null)))
                .isEqualTo("system");
        assertThat(AuditText.actor(new AuditActor(AuditActor.Kind.ANONYMOUS, null, "eve@example.com")))
                .isEqualTo("eve@example.com (not signed in)");
    }

    @Test
    void actionChoices_offerEveryCategoryFollowedByItsActions() {
        assertThat(ActionChoice.all().getFirst().isAny()).isTrue();
        assertThat(ActionChoice.all())
                .extracting(ActionChoice::label)
                .containsSubsequence("All user actions", "user.create", "All group actions", "group.create");
        assertThat(QuickView.ADMIN_CHANGES.action().codes())
                .contains("user.create", "user.grants.update", "group.member.add")
                .allMatch(code -> code.startsWith("user.") || code.startsWith("group."));
    }
}
