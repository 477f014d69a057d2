package dev.bulwark.server.user;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.User;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.model.user.UserPage;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.audit.FieldChange;
import dev.bulwark.server.auth.AccountLockout;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.auth.SessionRepository;
import dev.bulwark.server.crypto.PasswordHasher;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.permission.PermissionCache;
import dev.bulwark.server.permission.PermissionRepository;
import dev.bulwark.server.token.ApiTokenService;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Administration of users: create, read, search, change, disable, enable, delete, reset passwords and set direct
 * grants. USERS READ to read, USERS WRITE to change; only an administrator changes roles or touches another
 * administrator; the last enabled administrator always stays.
 */
public final class UserService {
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;
    private static final int QUERY_MAX = 200;
    private static final int DISPLAY_NAME_MAX = 200;

    private final Transactions tx;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final PermissionRepository permissions;
    private final PermissionCache cache;
    private final Authorizer authorizer;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditTrail trail;
    private final ApiTokenService apiTokens;
    private final AccountLockout lockout;
    private final Clock clock;

    public UserService(
            Transactions tx,
            UserRepository users,
            SessionRepository sessions,
            PermissionRepository permissions,
            PermissionCache cache,
            Authorizer authorizer,
            PasswordHasher hasher,
            PasswordPolicy policy,
            AuditTrail trail,
            ApiTokenService apiTokens,
            AccountLockout lockout,
            Clock clock) {
        this.tx = tx;
        this.apiTokens = apiTokens;
        this.users = users;
        this.sessions = sessions;
        this.permissions = permissions;
        this.cache = cache;
        this.authorizer = authorizer;
        this.hasher = hasher;
        this.policy = policy;
        this.trail = trail;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** Creates a user with an initial password, optionally one that must be changed at next sign-in. */
    public UserDetails create(Caller caller, CreateUserRequest request) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        Validator v = new Validator()
                .email("email", request.email())
                .text("displayName", request.displayName(), 1, DISPLAY_NAME_MAX)
                .present("password", request.password());
        if (request.role() == null) {
            v.error("role", "This field is required.");
        }
        if (!v.hasError("password")) {
            policy.check(
                            request.password(),
                            List.of(String.valueOf(request.email()), String.valueOf(request.displayName())))
                    .ifPresent(message -> v.error("password", message));
        }
        v.throwIfInvalid();
        if (request.role() == Role.ADMIN) {
            authorizer.requireAdmin(caller, Module.USERS, "create an administrator");
        }
        String hash = hasher.hash(request.password());
        Instant now = clock.instant();
        User user = new User(
                UUID.randomUUID(),
                request.email().strip(),
                request.displayName().strip(),
                request.role(),
                true,
                Boolean.TRUE.equals(request.passwordChangeRequired()),
                now,
                now,
                null);
        return tx.write(c -> {
            if (users.emailExists(c, user.email())) {
                throw ApiException.of(ProblemType.CONFLICT, "A user with this email already exists.");
            }
            users.insert(c, user, hash);
            changed(
                    c,
                    caller,
                    AuditAction.USER_CREATE,
                    user.id(),
                    List.of(
                            new FieldChange("email", null, user.email()),
                            new FieldChange("displayName", null, user.displayName()),
                            new FieldChange("role", null, user.role())));
            return details(c, load(c, user.id()));
        });
    }

    /** One user. */
    public UserDetails get(Caller caller, UUID id) {
        authorizer.require(caller, Module.USERS, AccessLevel.READ);
        return tx.read(c -> details(c, load(c, id)));
    }

    /** Users whose email or name contains {@code query}, sorted by email, one page at a time. */
    public UserPage search(Caller caller, String query, String limitText, String cursor) {
        authorizer.require(caller, Module.USERS, AccessLevel.READ);
        String q = query == null ? "" : query;
        int limit = limit(limitText);
        if (q.length() > QUERY_MAX) {
            throw ApiException.invalid("q", "Use at most " + QUERY_MAX + " characters.");
        }
        String after = cursor == null || cursor.isEmpty() ? null : decodeCursor(cursor);
        return tx.read(c -> {
            List<UserAccount> found = users.search(c, q, after, limit + 1);
            boolean more = found.size() > limit;
            List<UserAccount> page = more ? found.subList(0, limit) : found;
            String next = more ? encodeCursor(page.getLast().user().email()) : null;
            Map<UUID, AccountLockout.Status> locks =
                    lockout.statuses(c, page.stream().map(a -> a.user().id()).toList(), clock.instant());
            return new UserPage(page.stream().map(a -> details(a, locks)).toList(), next);
        });
    }

    /** Changes email, display name or role, when the caller's version is still current. */
    public UserDetails update(Caller caller, UUID id, UpdateUserRequest request) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        Validator v = new Validator();
        if (request.version() == null) {
            v.error("version", "Send the version you read.");
        }
        if (request.email() != null) {
            v.email("email", request.email());
        }
        if (request.displayName() != null) {
            v.text("displayName", request.displayName(), 1, DISPLAY_NAME_MAX);
        }
        v.throwIfInvalid();
        if (request.email() != null) {
            String stored = tx.read(c -> load(c, id).user().email());
            if (!sameEmail(stored, request.email())) {
                // whoever controls a user's email can take the account over through a provider or a mail code
                authorizer.requireCovers(caller, id, "change the email");
            }
        }
        Instant now = clock.instant();
        return tx.write(c -> {
            UserAccount current = load(c, id);
            User before = current.user();
            requireMayManage(caller, before);
            String email =
                    request.email() == null ? before.email() : request.email().strip();
            String displayName = request.displayName() == null
                    ? before.displayName()
                    : request.displayName().strip();
            Role role = request.role() == null ? before.role() : request.role();
            if (role != before.role()) {
                authorizer.requireAdmin(caller, Module.USERS, "change roles");
                permissions.bumpVersion(c);
                if (before.role() == Role.ADMIN && before.enabled()) {
                    requireAnotherEnabledAdmin(c, "demoted");
                }
            }
            if (!sameEmail(email, before.email()) && users.emailExists(c, email)) {
                throw ApiException.of(ProblemType.CONFLICT, "A user with this email already exists.");
            }
            if (!users.update(c, id, request.version(), email, displayName, role, now)) {
                throw stale();
            }
            List<FieldChange> diff = new ArrayList<>();
            addIfChanged(diff, "email", before.email(), email);
            addIfChanged(diff, "displayName", before.displayName(), displayName);
            addIfChanged(diff, "role", before.role(), role);
            changed(c, caller, AuditAction.USER_UPDATE, id, diff);
            return details(c, load(c, id));
        });
    }

    /** Disables a user; every session of the user ends and every API token of the user is revoked at once. */
    public UserDetails disable(Caller caller, UUID id) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        Instant now = clock.instant();
        return tx.write(c -> {
            User before = load(c, id).user();
            requireMayManage(caller, before);
            if (!before.enabled()) {
                return details(c, load(c, id));
            }
            permissions.bumpVersion(c);
            if (before.role() == Role.ADMIN) {
                requireAnotherEnabledAdmin(c, "disabled");
            }
            users.setEnabled(c, id, false, now);
            sessions.revokeAllOfUser(c, id, null, "user-disabled", now);
            changed(c, caller, AuditAction.USER_DISABLE, id, List.of(new FieldChange("enabled", true, false)));
            apiTokens.revokeAllOfUser(c, caller, id, "user-disabled", now);
            return details(c, load(c, id));
        });
    }

    /** Enables a user again. */
    public UserDetails enable(Caller caller, UUID id) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        Instant now = clock.instant();
        return tx.write(c -> {
            User before = load(c, id).user();
            requireMayManage(caller, before);
            if (before.enabled()) {
                return details(c, load(c, id));
            }
            permissions.bumpVersion(c);
            users.setEnabled(c, id, true, now);
            changed(c, caller, AuditAction.USER_ENABLE, id, List.of(new FieldChange("enabled", false, true)));
            return details(c, load(c, id));
        });
    }

    /** Deletes a user with their sessions, grants and memberships. */
    public void delete(Caller caller, UUID id) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        tx.write(c -> {
            User before = load(c, id).user();
            requireMayManage(caller, before);
            permissions.bumpVersion(c);
            if (before.role() == Role.ADMIN && before.enabled()) {
                requireAnotherEnabledAdmin(c, "deleted");
            }
            users.delete(c, id);
            changed(
                    c,
                    caller,
                    AuditAction.USER_DELETE,
                    id,
                    List.of(
                            new FieldChange("email", before.email(), null),
                            new FieldChange("role", before.role(), null)));
            return null;
        });
    }

    /**
     * Sets a temporary password the user must change at next sign-in; every session of the user ends and every
     * API token of the user is revoked.
     */
    public UserDetails resetPassword(Caller caller, UUID id, PasswordResetRequest request) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        new Validator()
                .present("temporaryPassword", request.temporaryPassword())
                .throwIfInvalid();
        User target = tx.read(c -> load(c, id).user());
        authorizer.requireCovers(caller, id, "set the password");
        policy.check(request.temporaryPassword(), List.of(target.email(), target.displayName()))
                .ifPresent(message -> {
                    throw ApiException.invalid("temporaryPassword", message);
                });
        String hash = hasher.hash(request.temporaryPassword());
        Instant now = clock.instant();
        return tx.write(c -> {
            UserAccount before = load(c, id);
            users.updatePasswordHash(c, id, hash, true, now);
            sessions.revokeAllOfUser(c, id, null, "password-reset", now);
            changed(
                    c,
                    caller,
                    AuditAction.USER_PASSWORD_RESET,
                    id,
                    List.of(new FieldChange(
                            "passwordChangeRequired", before.user().passwordChangeRequired(), true)));
            apiTokens.revokeAllOfUser(c, caller, id, "password-reset", now);
            return details(c, load(c, id));
        });
    }

    /** Ends the user's sign-in lock and forgets their failed sign-ins. */
    public UserDetails unlock(Caller caller, UUID id) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        Instant now = clock.instant();
        return tx.write(c -> {
            requireMayManage(caller, load(c, id).user());
            AccountLockout.Status before = lockout.unlock(c, id, now);
            changed(
                    c,
                    caller,
                    AuditAction.USER_UNLOCK,
                    id,
                    List.of(
                            new FieldChange("lockedUntil", before.lockedUntil(), null),
                            new FieldChange("failedSignIns", before.consecutiveFailures(), 0)));
            return details(c, load(c, id));
        });
    }

    /** The user's direct grants. */
    public Grants grants(Caller caller, UUID id) {
        authorizer.require(caller, Module.USERS, AccessLevel.READ);
        return tx.read(c -> {
            load(c, id);
            return new Grants(permissions.userGrants(c, id));
        });
    }

    /** Replaces the user's direct grants; nobody grants more than they hold themself. */
    public Grants setGrants(Caller caller, UUID id, Grants grants) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        authorizer.requireCanGrant(caller, grants.grants());
        authorizer.requireNoVaultRaise(caller, List.of(id), grants.grants().get(Module.VAULT));
        return tx.write(c -> {
            User target = load(c, id).user();
            requireMayManage(caller, target);
            var before = permissions.userGrants(c, id);
            permissions.bumpVersion(c);
            permissions.replaceUserGrants(c, id, grants.grants());
            var after = permissions.userGrants(c, id);
            changed(c, caller, AuditAction.USER_GRANTS_UPDATE, id, List.of(new FieldChange("grants", before, after)));
            return new Grants(after);
        });
    }

    /** What the user may do in every module and why. Users may always look at their own. */
    public EffectivePermissions effectivePermissions(Caller caller, UUID id) {
        if (!caller.userId().equals(id)) {
            authorizer.require(caller, Module.USERS, AccessLevel.READ);
        }
        return cache.permissionsOf(id)
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no such user."));
    }

    /** Only an administrator may change an administrator, so nobody can take over a stronger account. */
    private void requireMayManage(Caller caller, User target) {
        if (target.role() == Role.ADMIN) {
            authorizer.requireAdmin(caller, Module.USERS, "change an administrator");
        }
    }

    private static boolean sameEmail(String a, String b) {
        return JdbcUserRepository.normalize(a.strip()).equals(JdbcUserRepository.normalize(b.strip()));
    }

    private void requireAnotherEnabledAdmin(Connection c, String what) throws SQLException {
        if (users.countEnabledAdmins(c) <= 1) {
            throw ApiException.of(
                    ProblemType.CONFLICT,
                    "This is the last enabled administrator, so it cannot be " + what
                            + ". Make another user an administrator first.");
        }
    }

    private UserAccount load(Connection c, UUID id) throws SQLException {
        return users.findById(c, id)
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no such user."));
    }

    private UserDetails details(Connection c, UserAccount account) throws SQLException {
        return details(account, lockout.statuses(c, List.of(account.user().id()), clock.instant()));
    }

    private static UserDetails details(UserAccount account, Map<UUID, AccountLockout.Status> locks) {
        AccountLockout.Status lock = locks.getOrDefault(account.user().id(), AccountLockout.Status.NONE);
        return new UserDetails(account.user(), account.version(), lock.lockedUntil(), lock.consecutiveFailures());
    }

    private static ApiException stale() {
        return ApiException.of(
                ProblemType.CONFLICT, "Someone else changed this user since you read it. Reload and try again.");
    }

    private static void addIfChanged(List<FieldChange> diff, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            diff.add(new FieldChange(field, before, after));
        }
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid("limit", "Use a whole number from 1 to " + MAX_PAGE + ".");
    }

    private static String encodeCursor(String email) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(JdbcUserRepository.normalize(email).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            if (cursor.length() > 400) {
                throw new IllegalArgumentException();
            }
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "This is not a cursor from a previous page.");
        }
    }

    /**
     * Every change to a user passes through here, inside its transaction: the one place where the audit trail
     * records who changed what.
     */
    /** Every change of this service ends here: its audit record, in the change's own transaction. */
    private void changed(Connection c, Caller caller, AuditAction action, UUID target, List<FieldChange> diff)
            throws SQLException {
        trail.record(
                c,
                AuditRecord.change(
                        action,
                        caller.user(),
                        caller.client(),
                        "user",
                        target,
                        AuditDiff.of(UserAccount.AUDIT_CLEAR_FIELDS, diff)));
    }
}
