package dev.bulwark.server.permission;

import static dev.bulwark.model.permission.AccessLevel.NONE;
import static dev.bulwark.model.permission.AccessLevel.READ;
import static dev.bulwark.model.permission.AccessLevel.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.permission.PermissionReason;
import dev.bulwark.model.permission.PermissionReason.Kind;
import dev.bulwark.model.user.Role;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionResolverTest {
    private static final UUID USER = UUID.randomUUID();
    private static final UUID OPS = UUID.randomUUID();
    private static final UUID AUDITORS = UUID.randomUUID();

    @Test
    void admin_hasWriteEverywhere_withoutAnyGrant() {
        EffectivePermissions p = PermissionResolver.resolve(USER, Role.ADMIN, Map.of(), List.of());

        for (Module module : Module.values()) {
            assertThat(p.levelOf(module)).isEqualTo(WRITE);
            assertThat(p.of(module).reasons())
                    .extracting(PermissionReason::kind)
                    .containsExactly(Kind.ROLE);
        }
    }

    @Test
    void noGrants_meansNoneEverywhere_forEditorAndUser() {
        for (Role role : List.of(Role.EDITOR, Role.USER)) {
            EffectivePermissions p = PermissionResolver.resolve(USER, role, Map.of(), List.of());
            assertThat(p.modules()).allSatisfy(m -> {
                assertThat(m.level()).isEqualTo(NONE);
                assertThat(m.reasons()).isEmpty();
            });
        }
    }

    @ParameterizedTest(name = "{0}: direct {1}, groups {2}/{3} -> {4}")
    @CsvSource({
        "EDITOR, NONE,  NONE,  NONE,  NONE",
        "EDITOR, READ,  NONE,  NONE,  READ",
        "EDITOR, WRITE, NONE,  NONE,  WRITE",
        "EDITOR, NONE,  READ,  NONE,  READ",
        "EDITOR, NONE,  READ,  WRITE, WRITE",
        "EDITOR, READ,  WRITE, NONE,  WRITE",
        "EDITOR, WRITE, READ,  READ,  WRITE",
        "USER,   WRITE, NONE,  NONE,  READ",
        "USER,   NONE,  WRITE, WRITE, READ",
        "USER,   READ,  NONE,  NONE,  READ",
        "USER,   NONE,  NONE,  NONE,  NONE",
        "ADMIN,  NONE,  NONE,  NONE,  WRITE",
        "ADMIN,  READ,  READ,  NONE,  WRITE",
    })
    void effectiveLevel_isTheHighestGrant_cappedByTheRole(
            Role role, AccessLevel direct, AccessLevel ops, AccessLevel auditors, AccessLevel expected) {
        EffectivePermissions p = PermissionResolver.resolve(
                USER,
                role,
                Map.of(Module.VAULT, direct),
                List.of(
                        new GroupGrant(OPS, "Ops", Module.VAULT, ops),
                        new GroupGrant(AUDITORS, "Auditors", Module.VAULT, auditors)));

        assertThat(p.levelOf(Module.VAULT)).isEqualTo(expected);
        assertThat(p.levelOf(Module.AUDIT)).isEqualTo(role == Role.ADMIN ? WRITE : NONE);
    }

    @Test
    void explain_listsTheDirectGrantAndEveryGroup_highestFirst() {
        EffectivePermissions p = PermissionResolver.resolve(
                USER,
                Role.EDITOR,
                Map.of(Module.VAULT, READ),
                List.of(
                        new GroupGrant(AUDITORS, "Auditors", Module.VAULT, READ),
                        new GroupGrant(OPS, "Ops", Module.VAULT, WRITE),
                        new GroupGrant(OPS, "Ops", Module.AUDIT, READ)));

        List<PermissionReason> reasons = p.of(Module.VAULT).reasons();
        assertThat(reasons)
                .extracting(PermissionReason::kind)
                .containsExactly(Kind.DIRECT_GRANT, Kind.GROUP_GRANT, Kind.GROUP_GRANT);
        assertThat(reasons.get(1).groupName()).isEqualTo("Ops");
        assertThat(reasons.get(1).groupId()).isEqualTo(OPS);
        assertThat(reasons.get(1).text()).isEqualTo("Group Ops gives WRITE on VAULT.");
        assertThat(reasons.get(2).groupName()).isEqualTo("Auditors");
        assertThat(p.of(Module.AUDIT).reasons()).singleElement().satisfies(r -> assertThat(r.groupId())
                .isEqualTo(OPS));
    }

    @Test
    void explain_namesTheRoleCap_whenItLowersTheLevel() {
        EffectivePermissions p = PermissionResolver.resolve(
                USER, Role.USER, Map.of(), List.of(new GroupGrant(OPS, "Ops", Module.USERS, WRITE)));

        List<PermissionReason> reasons = p.of(Module.USERS).reasons();
        assertThat(reasons).extracting(PermissionReason::kind).containsExactly(Kind.GROUP_GRANT, Kind.ROLE_CAP);
        assertThat(reasons.getLast().level()).isEqualTo(READ);
        assertThat(reasons.getLast().text()).contains("USER role allows at most READ");
    }

    @Test
    void roleCap_isNotMentioned_whenItChangesNothing() {
        EffectivePermissions p = PermissionResolver.resolve(USER, Role.USER, Map.of(Module.AUDIT, READ), List.of());

        assertThat(p.of(Module.AUDIT).reasons())
                .extracting(PermissionReason::kind)
                .containsExactly(Kind.DIRECT_GRANT);
    }

    @Test
    void levels_areOrdered() {
        assertThat(WRITE.includes(READ)).isTrue();
        assertThat(READ.includes(WRITE)).isFalse();
        assertThat(NONE.max(READ)).isEqualTo(READ);
        assertThat(WRITE.min(READ)).isEqualTo(READ);
    }
}
