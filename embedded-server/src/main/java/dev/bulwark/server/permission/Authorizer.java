package dev.bulwark.server.permission;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.permission.ModulePermission;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one place that decides whether a caller may act on a module. Services call it before any work.
 *
 * <p>Guarantee: permissions come from {@link PermissionCache}, which never serves a version older than the
 * database's; a caller using an API token gets the owner's current permissions capped by the token's narrowing
 * (its modules, and READ for a read-only token); every denial passes through {@link #denied}.
 */
public final class Authorizer {
    private final PermissionCache cache;
    private final AuditTrail trail;
    private final Transactions tx;
    private final PermissionRepository permissions;

    public Authorizer(PermissionCache cache, AuditTrail trail, Transactions tx, PermissionRepository permissions) {
        this.trail = trail;
        this.cache = cache;
        this.tx = tx;
        this.permissions = permissions;
    }

    /**
     * Requires the caller to hold at least {@code level} on {@code module}.
     *
     * @throws ApiException {@code forbidden} when the caller's effective level is lower
     */
    public void require(Caller caller, Module module, AccessLevel level) {
        AccessLevel actual = permissionsOf(caller).levelOf(module);
        if (!actual.includes(level)) {
            throw denied(caller, module, module + " " + level, "This needs " + level + " access to " + module + ".");
        }
    }

    /**
     * Requires the caller to be an administrator whose credential may write {@code module}: an administrator's
     * API token narrowed to other modules, or read-only, is refused here as everywhere else.
     *
     * @param module the module the action belongs to (SETTINGS for every server setting)
     * @throws ApiException {@code forbidden} otherwise
     */
    public void requireAdmin(Caller caller, Module module, String what) {
        if (caller.user().role() != Role.ADMIN) {
            throw denied(caller, module, "ADMIN", "Only an administrator may " + what + ".");
        }
        if (caller.credential() instanceof Caller.ApiTokenCredential token && token.cap(module) != AccessLevel.WRITE) {
            throw denied(
                    caller,
                    module,
                    "ADMIN with " + module + " WRITE",
                    "This API token cannot " + what + ": it is "
                            + (token.readOnly() ? "read-only" : "limited to other modules") + ".");
        }
    }

    /**
     * Requires a signed-in session rather than an API token: creating tokens and changing the password manage
     * credentials, which a leaked token must not be able to do.
     *
     * @throws ApiException {@code forbidden} for a caller using an API token
     */
    public void requireSession(Caller caller, String what) {
        if (caller.viaApiToken()) {
            throw denied(
                    caller,
                    null,
                    "a signed-in session",
                    "An API token cannot " + what + ". Sign in to the console to do this.");
        }
    }

    /**
     * Requires the caller to hold every level in {@code grants} themself, so nobody can hand out (to others or
     * through a group to themself) more than they have. SETTINGS WRITE is never granted: only the ADMIN role
     * changes settings.
     *
     * @throws ApiException {@code validation-failed} for SETTINGS WRITE, {@code forbidden} when a grant exceeds
     *     the caller's own level
     */
    public void requireCanGrant(Caller caller, Map<Module, AccessLevel> grants) {
        if (grants.get(Module.SETTINGS) == AccessLevel.WRITE) {
            throw ApiException.invalid(
                    "grants.SETTINGS", "SETTINGS can be granted up to READ: only administrators change settings.");
        }
        EffectivePermissions own = permissionsOf(caller);
        for (Map.Entry<Module, AccessLevel> grant : grants.entrySet()) {
            if (!own.levelOf(grant.getKey()).includes(grant.getValue())) {
                throw denied(
                        caller,
                        grant.getKey(),
                        "grant " + grant.getKey() + " " + grant.getValue(),
                        "You cannot give " + grant.getValue() + " access to " + grant.getKey()
                                + " because you do not have it yourself.");
            }
        }
    }

    /**
     * Requires the caller to hold everything membership of the group gives: its module grants and, for every
     * vault entry shared with it, at least the shared level. Checked before anyone (the caller included) is
     * added to the group, so a membership never opens more than the caller could open themself.
     *
     * @return what was checked, so the caller can confirm inside its transaction that it did not change
     * @throws ApiException {@code forbidden} when the group gives something the caller does not hold
     */
    public GroupReach requireHoldsGroup(Caller caller, UUID groupId) {
        GroupReach reach = tx.read(
                c -> new GroupReach(permissions.groupGrants(c, groupId), permissions.vaultSharesOfGroup(c, groupId)));
        requireCanGrant(caller, reach.grants());
        VaultReach own = vaultReachOf(caller.userId(), permissionsOf(caller));
        for (Map.Entry<UUID, AccessLevel> share : reach.vaultShares().entrySet()) {
            if (!own.levelOf(share.getKey()).includes(share.getValue())) {
                throw denied(
                        caller,
                        Module.VAULT,
                        "vault entry " + share.getKey() + " " + share.getValue(),
                        "You cannot add members to this group: it is given " + share.getValue()
                                + " access to vault entries you cannot reach that way yourself.");
            }
        }
        return reach;
    }

    /**
     * What membership of a group gives.
     *
     * @param grants the group's module grants
     * @param vaultShares the vault entries shared with the group and their levels
     */
    public record GroupReach(Map<Module, AccessLevel> grants, Map<UUID, AccessLevel> vaultShares) {
        public GroupReach {
            grants = Map.copyOf(grants);
            vaultShares = Map.copyOf(vaultShares);
        }
    }

    /**
     * Requires that giving {@code recipients} VAULT at {@code vault} (a direct grant, a group's grant, or joining
     * a group that grants it) opens no vault entry to them beyond what the caller reaches: a higher VAULT level
     * also raises what every share of the recipients' groups gives them.
     *
     * @throws ApiException {@code forbidden} when a recipient would reach an entry above the caller's level
     */
    public void requireNoVaultRaise(Caller caller, Collection<UUID> recipients, AccessLevel vault) {
        if (vault == null || vault == AccessLevel.NONE || recipients.isEmpty()) {
            return;
        }
        VaultReach own = null;
        for (UUID recipient : recipients) {
            EffectivePermissions theirs = cache.permissionsOf(recipient).orElse(null);
            if (theirs == null || theirs.role() == Role.ADMIN) {
                continue;
            }
            AccessLevel current = theirs.levelOf(Module.VAULT);
            AccessLevel raised = current.max(vault.min(PermissionResolver.capOf(theirs.role(), Module.VAULT)));
            if (raised == current) {
                continue;
            }
            Map<UUID, AccessLevel> shares = tx.read(c -> permissions.vaultSharesOfUser(c, recipient));
            for (Map.Entry<UUID, AccessLevel> share : shares.entrySet()) {
                AccessLevel after = share.getValue().min(raised);
                if (after == share.getValue().min(current)) {
                    continue;
                }
                if (own == null) {
                    own = vaultReachOf(caller.userId(), permissionsOf(caller));
                }
                if (!own.levelOf(share.getKey()).includes(after)) {
                    throw denied(
                            caller,
                            Module.VAULT,
                            "vault entry " + share.getKey() + " " + after,
                            "You cannot give VAULT " + vault + " here: it would open vault entries shared with the"
                                    + " user's groups that you cannot reach yourself.");
                }
            }
        }
    }

    /**
     * Requires the caller's access to cover everything the target user can reach (role, every module, every
     * vault entry), before an action that lets its caller act as the target: setting their password, changing
     * their email, resetting their second factor. Only an administrator covers an administrator.
     *
     * @param what the action, completing "You cannot ... "
     * @throws ApiException {@code forbidden} with the first thing the target holds and the caller does not
     */
    public void requireCovers(Caller caller, UUID targetId, String what) {
        EffectivePermissions target = cache.permissionsOf(targetId)
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no such user."));
        if (target.role() == Role.ADMIN) {
            requireAdmin(caller, Module.USERS, what + " of an administrator");
        }
        EffectivePermissions own = permissionsOf(caller);
        for (ModulePermission module : target.modules()) {
            if (!own.levelOf(module.module()).includes(module.level())) {
                throw denied(
                        caller,
                        module.module(),
                        module.module() + " " + module.level() + " to " + what,
                        "You cannot " + what + " of this user: they have " + module.level() + " access to "
                                + module.module() + " and you do not.");
            }
        }
        if (!vaultReachOf(caller.userId(), own).covers(vaultReachOf(targetId, target))) {
            throw denied(
                    caller,
                    Module.VAULT,
                    "every vault entry the user reaches, to " + what,
                    "You cannot " + what + " of this user: they can reach vault entries that you cannot.");
        }
    }

    /**
     * The level a user reaches each vault entry at: an administrator every entry at their VAULT level; anyone
     * else the entries shared with their groups, each at the share level capped by their VAULT level.
     */
    private VaultReach vaultReachOf(UUID userId, EffectivePermissions resolved) {
        AccessLevel vault = resolved.levelOf(Module.VAULT);
        if (vault == AccessLevel.NONE) {
            return new VaultReach(AccessLevel.NONE, Map.of());
        }
        if (resolved.role() == Role.ADMIN) {
            return new VaultReach(vault, Map.of());
        }
        Map<UUID, AccessLevel> shared = new HashMap<>();
        tx.read(c -> permissions.vaultSharesOfUser(c, userId))
                .forEach((entry, level) -> shared.put(entry, level.min(vault)));
        return new VaultReach(AccessLevel.NONE, shared);
    }

    /** What a user reaches in the vault: {@code everyEntry} on all entries, more on the {@code shared} ones. */
    private record VaultReach(AccessLevel everyEntry, Map<UUID, AccessLevel> shared) {
        AccessLevel levelOf(UUID entry) {
            return everyEntry.max(shared.getOrDefault(entry, AccessLevel.NONE));
        }

        boolean covers(VaultReach other) {
            return everyEntry.includes(other.everyEntry)
                    && other.shared.entrySet().stream()
                            .allMatch(e -> levelOf(e.getKey()).includes(e.getValue()));
        }
    }

    /** The caller's effective permissions, narrowed by the API token the caller used, if any. */
    public EffectivePermissions permissionsOf(Caller caller) {
        EffectivePermissions own = cache.permissionsOf(caller.userId())
                .orElseThrow(
                        () -> ApiException.of(ProblemType.SESSION_EXPIRED, "The session has ended. Sign in again."));
        if (!(caller.credential() instanceof Caller.ApiTokenCredential token)) {
            return own;
        }
        return new EffectivePermissions(
                own.userId(),
                own.role(),
                own.modules().stream()
                        .map(m -> new ModulePermission(m.module(), m.level().min(token.cap(m.module())), m.reasons()))
                        .toList());
    }

    /**
     * Every denial ends here: the single point where the audit trail records "permission denied" with the
     * caller and what was required.
     */
    private ApiException denied(Caller caller, Module module, String required, String sentence) {
        AuditRecord record = AuditRecord.of(AuditAction.PERMISSION_DENIED, AuditOutcome.DENIED)
                .actor(caller.user())
                .from(caller.client())
                .reason("Needs " + required + ".");
        if (module != null) {
            record.target("module", module, module.name());
        }
        trail.recordAlone(record);
        return ApiException.of(ProblemType.FORBIDDEN, sentence);
    }
}
