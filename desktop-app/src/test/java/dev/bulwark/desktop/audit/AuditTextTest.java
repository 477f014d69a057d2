package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditChange;
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
    void actors_readAsEmailSystemOrNotSignedIn() {
        UUID id = UUID.randomUUID();
        assertThat(AuditText.actor(new AuditActor(AuditActor.Kind.USER, id, "ada@example.com")))
                .isEqualTo("ada@example.com");
        assertThat(AuditText.actor(new AuditActor(AuditActor.Kind.USER, id, null)))
                .isEqualTo(id.toString());
        assertThat(AuditText.actor(new AuditActor(AuditActor.Kind.SYSTEM, null, null)))
                .isEqualTo("system");
        assertThat(AuditText.actor(new AuditActor(AuditActor.Kind.ANONYMOUS, null, "eve@example.com")))
                .isEqualTo("not signed in (eve@example.com)");
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
