package dev.bulwark.model.permission;

import dev.bulwark.model.user.Role;
import java.util.List;
import java.util.UUID;

/**
 * What a user may do in every module, and why ({@code GET /api/v1/users/{id}/effective-permissions}).
 *
 * @param userId the user
 * @param role the user's role
 * @param modules one entry per module, in the order of {@link Module}
 */
public record EffectivePermissions(UUID userId, Role role, List<ModulePermission> modules) {
    public EffectivePermissions {
        modules = List.copyOf(modules);
    }

    /** The effective level on {@code module}. */
    public AccessLevel levelOf(Module module) {
        return modules.stream()
                .filter(m -> m.module() == module)
                .map(ModulePermission::level)
                .findFirst()
                .orElse(AccessLevel.NONE);
    }

    /** The entry for {@code module}. */
    public ModulePermission of(Module module) {
        return modules.stream()
                .filter(m -> m.module() == module)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No entry for " + module));
    }
}
