package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.user.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditDiffTest {
    private final AuditDiff diff = AuditDiff.forEntity(Set.of("displayName", "role"));

    @Test
    void declaredFields_areShownInClear() {
        diff.change("displayName", "Ada", "Ada L.").change("role", Role.USER, Role.ADMIN);

        assertThat(diff.changes())
                .containsEntry("displayName", new AuditChange("Ada", "Ada L."))
                .containsEntry("role", new AuditChange("USER", "ADMIN"));
    }

    @Test
    void undeclaredFields_areMaskedButTheChangeIsVisible() {
        diff.change("phone", "+41 79 000 00 00", "+41 79 111 11 11").change("recoveryEmail", null, "x@example.com");

        assertThat(diff.changes())
                .containsEntry("phone", new AuditChange(AuditChange.MASKED, AuditChange.MASKED))
                .containsEntry("recoveryEmail", new AuditChange(null, AuditChange.MASKED));
        assertThat(diff.changes().toString()).doesNotContain("+41").doesNotContain("x@example.com");
    }

    @Test
    void secretChange_recordsNoValue() {
        diff.secretChanged("passwordHash");

        assertThat(diff.changes()).containsEntry("passwordHash", new AuditChange("****", "****"));
    }

    @Test
    void storedJson_isSortedByFieldAndKeepsMissingValues() {
        diff.change("role", null, Role.ADMIN).change("displayName", "Ada", null);

        assertThat(StoredAuditEvent.diffJson(diff.changes()))
                .isEqualTo(
                        "{\"displayName\":{\"old\":\"Ada\",\"new\":null},\"role\":{\"old\":null,\"new\":\"ADMIN\"}}");
    }
}
