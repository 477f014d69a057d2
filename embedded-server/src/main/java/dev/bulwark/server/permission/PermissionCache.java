package dev.bulwark.server.permission;

import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.user.UserRepository;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolved permissions kept in memory, each tagged with the permissions version it was computed at.
 *
 * <p>Guarantee: every lookup reads the version from the database (one primary-key read) and recomputes when
 * it differs, so a change committed on any node is seen by the very next lookup on every node. Every change
 * to roles, grants or memberships bumps the version in its own transaction.
 */
public final class PermissionCache {
    private record Entry(long version, EffectivePermissions permissions) {}

    private final Transactions tx;
    private final UserRepository users;
    private final PermissionRepository permissions;
    private final ConcurrentMap<UUID, Entry> entries = new ConcurrentHashMap<>();

    public PermissionCache(Transactions tx, UserRepository users, PermissionRepository permissions) {
        this.tx = tx;
        this.users = users;
        this.permissions = permissions;
    }

    /** The user's current effective permissions; empty when the user does not exist. */
    public Optional<EffectivePermissions> permissionsOf(UUID userId) {
        return tx.read(c -> {
            long version = permissions.version(c);
            Entry cached = entries.get(userId);
            if (cached != null && cached.version() == version) {
                return Optional.of(cached.permissions());
            }
            Optional<Role> role = users.findById(c, userId).map(a -> a.user().role());
            if (role.isEmpty()) {
                entries.remove(userId);
                return Optional.empty();
            }
            EffectivePermissions resolved = PermissionResolver.resolve(
                    userId, role.get(), permissions.userGrants(c, userId), permissions.grantsThroughGroups(c, userId));
            entries.merge(
                    userId,
                    new Entry(version, resolved),
                    (old, fresh) -> old.version() > fresh.version() ? old : fresh);
            return Optional.of(resolved);
        });
    }
}
