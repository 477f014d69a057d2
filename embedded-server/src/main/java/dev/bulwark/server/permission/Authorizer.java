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
import java.util.Map;

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

    public Authorizer(PermissionCache cache, AuditTrail trail) {
        this.trail = trail;
        this.cache = cache;
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
     * Requires the caller to be an administrator.
     *
     * @throws ApiException {@code forbidden} otherwise
     */
    public void requireAdmin(Caller caller, String what) {
        if (caller.user().role() != Role.ADMIN) {
            throw denied(caller, null, "ADMIN", "Only an administrator may " + what + ".");
        }
        if (caller.credential() instanceof Caller.ApiTokenCredential token && token.readOnly()) {
            throw denied(caller, null, "ADMIN", "A read-only API token cannot " + what + ".");
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
     * through a group to themself) more than they have.
     *
     * @throws ApiException {@code forbidden} when a grant exceeds the caller's own level
     */
    public void requireCanGrant(Caller caller, Map<Module, AccessLevel> grants) {
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
