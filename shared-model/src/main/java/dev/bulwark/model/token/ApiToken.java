package dev.bulwark.model.token;

import dev.bulwark.model.permission.Module;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API token as listed: everything about it except its value, which the server never stores and shows only
 * once, at creation ({@link CreatedApiToken}).
 *
 * @param id the token's id, also what audit records name as {@code api-token:<id>}
 * @param ownerId the user the token acts for, with that user's permissions at the moment of use
 * @param name what the owner called it, 1 to 100 characters
 * @param createdAt when it was created
 * @param expiresAt when it stops working
 * @param modules the modules it is narrowed to; {@code null} when it may use every module its owner may
 * @param readOnly whether it is capped at READ
 * @param lastUsedAt when it was last used (to within a minute), or {@code null} when never
 * @param lastUsedIp the address it was last used from, or {@code null} when never
 */
public record ApiToken(
        UUID id,
        UUID ownerId,
        String name,
        Instant createdAt,
        Instant expiresAt,
        List<Module> modules,
        boolean readOnly,
        Instant lastUsedAt,
        String lastUsedIp) {
    public ApiToken {
        modules = modules == null ? null : List.copyOf(modules);
    }

    /** Whether the token is past its expiry at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** Whether the token may be used on every module (it is not narrowed to a subset). */
    public boolean allModules() {
        return modules == null;
    }

    /** Whether the token may be used on {@code module} at all. */
    public boolean covers(Module module) {
        return modules == null || modules.contains(module);
    }
}
