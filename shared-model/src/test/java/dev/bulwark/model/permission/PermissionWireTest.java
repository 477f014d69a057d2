package dev.bulwark.model.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.bulwark.model.Json;
import dev.bulwark.model.user.Role;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PermissionWireTest {
    @Test
    void grants_roundTripAsAnObjectKeyedByModule() throws Exception {
        Grants grants = new Grants(Map.of(Module.VAULT, AccessLevel.WRITE));

        String json = Json.lenient().writeValueAsString(grants);

        assertThat(json).isEqualTo("{\"grants\":{\"VAULT\":\"WRITE\"}}");
        assertThat(Json.strict().readValue(json, Grants.class)).isEqualTo(grants);
    }

    @Test
    void grants_withoutAMap_meanNoGrants_andANullLevelIsRefused() throws Exception {
        assertThat(Json.strict().readValue("{}", Grants.class).grants()).isEmpty();
        assertThatThrownBy(() -> Json.strict().readValue("{\"grants\":{\"VAULT\":null}}", Grants.class))
                .isInstanceOf(ValueInstantiationException.class);
    }

    @Test
    void effectivePermissions_answerPerModule() {
        EffectivePermissions p = new EffectivePermissions(
                UUID.randomUUID(),
                Role.EDITOR,
                List.of(new ModulePermission(Module.AUDIT, AccessLevel.READ, List.of())));

        assertThat(p.levelOf(Module.AUDIT)).isEqualTo(AccessLevel.READ);
        assertThat(p.levelOf(Module.VAULT)).isEqualTo(AccessLevel.NONE);
        assertThatThrownBy(() -> p.of(Module.VAULT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void levels_includeEveryLowerLevel() {
        assertThat(AccessLevel.WRITE.includes(AccessLevel.READ)).isTrue();
        assertThat(AccessLevel.WRITE.includes(AccessLevel.NONE)).isTrue();
        assertThat(AccessLevel.NONE.includes(AccessLevel.READ)).isFalse();
        assertThat(AccessLevel.READ.max(AccessLevel.WRITE)).isEqualTo(AccessLevel.WRITE);
        assertThat(AccessLevel.READ.min(AccessLevel.NONE)).isEqualTo(AccessLevel.NONE);
    }
}
