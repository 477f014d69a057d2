package dev.bulwark.server.group;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupDetails;
import dev.bulwark.model.group.GroupList;
import dev.bulwark.model.group.GroupMember;
import dev.bulwark.model.group.UpdateGroupRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.audit.FieldChange;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.permission.PermissionRepository;
import dev.bulwark.server.user.UserRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Groups, their members and grants. GROUPS READ to read, GROUPS WRITE to change; nobody hands out through a
 * group more than they hold themself. Membership and grant changes bump the permissions version.
 */
public final class GroupService {
    /** The fields whose old and new values the audit trail may show; every other field is masked. */
    private static final Set<String> AUDIT_CLEAR_FIELDS = Set.of("name", "description", "member", "grants");

    private static final int NAME_MAX = 100;
    private static final int DESCRIPTION_MAX = 1000;

    private final Transactions tx;
    private final GroupRepository groups;
    private final UserRepository users;
    private final PermissionRepository permissions;
    private final Authorizer authorizer;
    private final AuditTrail trail;
    private final Clock clock;

    public GroupService(
            Transactions tx,
            GroupRepository groups,
            UserRepository users,
            PermissionRepository permissions,
            Authorizer authorizer,
            AuditTrail trail,
            Clock clock) {
        this.tx = tx;
        this.groups = groups;
        this.users = users;
        this.permissions = permissions;
        this.authorizer = authorizer;
        this.trail = trail;
        this.clock = clock;
    }

    /** Every group, sorted by name. */
    public GroupList list(Caller caller) {
        authorizer.require(caller, Module.GROUPS, AccessLevel.READ);
        return new GroupList(tx.read(groups::list));
    }

    /** A group with its members and grants. */
    public GroupDetails get(Caller caller, UUID id) {
        authorizer.require(caller, Module.GROUPS, AccessLevel.READ);
        return tx.read(
                c -> new GroupDetails(load(c, id), groups.members(c, id), new Grants(permissions.groupGrants(c, id))));
    }

    /** Creates a group without members or grants. */
    public Group create(Caller caller, CreateGroupRequest request) {
        authorizer.require(caller, Module.GROUPS, AccessLevel.WRITE);
        String description = request.description() == null ? "" : request.description();
        new Validator()
                .text("name", request.name(), 1, NAME_MAX)
                .text("description", description, 0, DESCRIPTION_MAX)
                .throwIfInvalid();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        return tx.write(c -> {
            if (groups.nameTaken(c, request.name(), null)) {
                throw ApiException.of(ProblemType.CONFLICT, "A group with this name already exists.");
            }
            groups.insert(c, id, request.name().strip(), description.strip(), now);
            changed(
                    c,
                    caller,
                    AuditAction.GROUP_CREATE,
                    id,
                    List.of(new FieldChange("name", null, request.name().strip())));
            return load(c, id);
        });
    }

    /** Changes name or description, when the caller's version is still current. */
    public Group update(Caller caller, UUID id, UpdateGroupRequest request) {
        authorizer.require(caller, Module.GROUPS, AccessLevel.WRITE);
        Validator v = new Validator();
        if (request.version() == null) {
            v.error("version", "Send the version you read.");
        }
        if (request.name() != null) {
            v.text("name", request.name(), 1, NAME_MAX);
        }
        if (request.description() != null) {
            v.text("description", request.description(), 0, DESCRIPTION_MAX);
        }
        v.throwIfInvalid();
        Instant now = clock.instant();
        return tx.write(c -> {
            Group before = load(c, id);
            String name =
                    request.name() == null ? before.name() : request.name().strip();
            String description = request.description() == null
                    ? before.description()
                    : request.description().strip();
            if (groups.nameTaken(c, name, id)) {
                throw ApiException.of(ProblemType.CONFLICT, "A group with this name already exists.");
            }
            if (!groups.update(c, id, request.version(), name, description, now)) {
                throw ApiException.of(
                        ProblemType.CONFLICT,
                        "Someone else changed this group since you read it. Reload and try again.");
            }
            List<FieldChange> diff = new ArrayList<>();
            if (!Objects.equals(before.name(), name)) {
                diff.add(new FieldChange("name", before.name(), name));
            }
            if (!Objects.equals(before.description(), description)) {
                diff.add(new FieldChange("description", before.description(), description));
            }
            changed(c, caller, AuditAction.GROUP_UPDATE, id, diff);
            return load(c, id);
        });
    }

    /** Deletes a group; its members lose what it granted at once. */
    public void delete(Caller caller, UUID id) {
        authorizer.require(caller, Module.GROUPS, AccessLevel.WRITE);
        tx.write(c -> {
            Group before = load(c, id);
            permissions.bumpVersion(c);
            groups.delete(c, id);
            changed(c, caller, AuditAction.GROUP_DELETE, id, List.of(new FieldChange("name", before.name(), null)));
            return null;
        });
    }

    /**
     * Adds a user to a group; {@code conflict} when the user is a member already. The caller must hold
     * everything the group gives (its grants and its vault shares), whoever is added.
     */
    public void addMember(Caller caller, UUID id, UUID userId) {
        authorizer.require(caller, Module.GROUPS, AccessLevel.WRITE);
        tx.read(c -> load(c, id));
        Authorizer.GroupReach checked = authorizer.requireHoldsGroup(caller, id);
        authorizer.requireNoVaultRaise(caller, List.of(userId), checked.grants().get(Module.VAULT));
        Instant now = clock.instant();
        tx.write(c -> {
            load(c, id);
            if (users.findById(c, userId).isEmpty()) {
                throw ApiException.of(ProblemType.NOT_FOUND, "There is no such user.");
            }
            permissions.bumpVersion(c);
            // the version lock holds grants still from here on; they must be the ones the caller was checked for
            if (!permissions.groupGrants(c, id).equals(checked.grants())
                    || !permissions.vaultSharesOfGroup(c, id).equals(checked.vaultShares())) {
                throw ApiException.of(
                        ProblemType.CONFLICT, "The group's access changed a moment ago. Reload and try again.");
            }
            if (groups.isMember(c, id, userId)) {
                throw ApiException.of(ProblemType.CONFLICT, "This user is already a member of the group.");
            }
            groups.addMember(c, id, userId, now);
            changed(c, caller, AuditAction.GROUP_MEMBER_ADD, id, List.of(new FieldChange("member", null, userId)));
            return null;
        });
    }

    /** Removes a user from a group; {@code not-found} when the user is not a member. */
    public void removeMember(Caller caller, UUID id, UUID userId) {
        authorizer.require(caller, Module.GROUPS, AccessLevel.WRITE);
        tx.write(c -> {
            load(c, id);
            permissions.bumpVersion(c);
            if (!groups.removeMember(c, id, userId)) {
                throw ApiException.of(ProblemType.NOT_FOUND, "This user is not a member of the group.");
            }
            changed(c, caller, AuditAction.GROUP_MEMBER_REMOVE, id, List.of(new FieldChange("member", userId, null)));
            return null;
        });
    }

    /** Replaces the group's grants. */
    public Grants setGrants(Caller caller, UUID id, Grants grants) {
        authorizer.require(caller, Module.GROUPS, AccessLevel.WRITE);
        authorizer.requireCanGrant(caller, grants.grants());
        List<UUID> members = tx.read(
                c -> groups.members(c, id).stream().map(GroupMember::userId).toList());
        authorizer.requireNoVaultRaise(caller, members, grants.grants().get(Module.VAULT));
        return tx.write(c -> {
            load(c, id);
            var before = permissions.groupGrants(c, id);
            permissions.bumpVersion(c);
            permissions.replaceGroupGrants(c, id, grants.grants());
            var after = permissions.groupGrants(c, id);
            changed(c, caller, AuditAction.GROUP_GRANTS_UPDATE, id, List.of(new FieldChange("grants", before, after)));
            return new Grants(after);
        });
    }

    private Group load(Connection c, UUID id) throws SQLException {
        return groups.find(c, id).orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no such group."));
    }

    /**
     * Every change to a group, its members or grants passes through here, inside its transaction: the one place
     * where the audit trail records who changed what.
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
                        "group",
                        target,
                        AuditDiff.of(AUDIT_CLEAR_FIELDS, diff)));
    }
}
