package dev.bulwark.model.permission;

import java.util.List;

/**
 * A user's effective level on one module, with every reason that contributed to it.
 *
 * @param module the module
 * @param level the effective level
 * @param reasons why: the role, the role's cap, the direct grant and each group grant that applies
 */
public record ModulePermission(Module module, AccessLevel level, List<PermissionReason> reasons) {
    public ModulePermission {
        reasons = List.copyOf(reasons);
    }
}
