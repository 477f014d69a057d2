package dev.bulwark.server.permission;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.permission.ModulePermission;
import dev.bulwark.model.permission.PermissionReason;
import dev.bulwark.model.permission.PermissionReason.Kind;
import dev.bulwark.model.user.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Resolves a user's effective level per module: ADMIN has WRITE everywhere; otherwise the level is the highest
 * of the direct grant and every group's grant, capped by the role (EDITOR at WRITE, USER at READ). Pure: the
 * same input always gives the same answer, with the reasons that led to it.
 */
public final class PermissionResolver {
    private PermissionResolver() {}

    /** The most a role allows on any module. */
    public static AccessLevel capOf(Role role) {
        return switch (role) {
            case ADMIN, EDITOR -> AccessLevel.WRITE;
            case USER -> AccessLevel.READ;
        };
    }

    /**
     * The most a role allows on {@code module}: settings are changed by administrators alone, so grants give
     * everyone else at most READ on SETTINGS (docs/decisions/0026-settings-are-admin-only.md).
     */
    public static AccessLevel capOf(Role role, Module module) {
        if (module == Module.SETTINGS && role != Role.ADMIN) {
            return AccessLevel.READ;
        }
        return capOf(role);
    }

    /** Resolves every module for one user. */
    public static EffectivePermissions resolve(
            UUID userId, Role role, Map<Module, AccessLevel> direct, List<GroupGrant> groupGrants) {
        List<ModulePermission> modules = new ArrayList<>();
        for (Module module : Module.values()) {
            modules.add(resolveModule(module, role, direct.getOrDefault(module, AccessLevel.NONE), groupGrants));
        }
        return new EffectivePermissions(userId, role, modules);
    }

    private static ModulePermission resolveModule(
            Module module, Role role, AccessLevel direct, List<GroupGrant> groupGrants) {
        if (role == Role.ADMIN) {
            return new ModulePermission(
                    module,
                    AccessLevel.WRITE,
                    List.of(new PermissionReason(
                            Kind.ROLE, AccessLevel.WRITE, null, null, "The ADMIN role gives WRITE on every module.")));
        }
        List<PermissionReason> reasons = new ArrayList<>();
        AccessLevel granted = AccessLevel.NONE;
        if (direct != AccessLevel.NONE) {
            granted = granted.max(direct);
            reasons.add(new PermissionReason(
                    Kind.DIRECT_GRANT, direct, null, null, "A direct grant gives " + direct + " on " + module + "."));
        }
        List<GroupGrant> relevant = groupGrants.stream()
                .filter(g -> g.module() == module && g.level() != AccessLevel.NONE)
                .sorted(Comparator.comparing(GroupGrant::level)
                        .reversed()
                        .thenComparing(GroupGrant::groupName, String.CASE_INSENSITIVE_ORDER))
                .toList();
        for (GroupGrant g : relevant) {
            granted = granted.max(g.level());
            reasons.add(new PermissionReason(
                    Kind.GROUP_GRANT,
                    g.level(),
                    g.groupId(),
                    g.groupName(),
                    "Group " + g.groupName() + " gives " + g.level() + " on " + module + "."));
        }
        AccessLevel cap = capOf(role, module);
        AccessLevel effective = granted.min(cap);
        if (effective != granted) {
            String text = cap == capOf(role)
                    ? "The " + role + " role allows at most " + cap + ", so " + granted + " is lowered to " + cap + "."
                    : "Only administrators change settings, so " + granted + " on " + module + " is lowered to " + cap
                            + ".";
            reasons.add(new PermissionReason(Kind.ROLE_CAP, cap, null, null, text));
        }
        return new ModulePermission(module, effective, reasons);
    }
}
