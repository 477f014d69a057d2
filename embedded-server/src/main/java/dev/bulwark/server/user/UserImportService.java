package dev.bulwark.server.user;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.FieldError;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.model.user.UserImportReport;
import dev.bulwark.model.user.UserImportReport.Outcome;
import dev.bulwark.model.user.UserImportRequest;
import dev.bulwark.model.user.UserImportRow;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.audit.FieldChange;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.group.GroupRepository;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.permission.PermissionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Creates many users at once (a CSV file read by the console), each row in a transaction of its own, so one bad
 * row never stops or half-writes the others. Imported users have no password until an administrator resets it or
 * they sign in through single sign-on. The same rules as creating one user apply: USERS WRITE, administrators only
 * from an administrator, group memberships only with GROUPS WRITE and no more than the importer holds.
 */
public final class UserImportService {
    public static final int MAX_ROWS = 1_000;
    private static final int DISPLAY_NAME_MAX = 200;
    private static final Set<String> GROUP_AUDIT_CLEAR_FIELDS = Set.of("member");

    private final Transactions tx;
    private final UserRepository users;
    private final GroupRepository groups;
    private final PermissionRepository permissions;
    private final Authorizer authorizer;
    private final AuditTrail trail;
    private final Clock clock;

    public UserImportService(
            Transactions tx,
            UserRepository users,
            GroupRepository groups,
            PermissionRepository permissions,
            Authorizer authorizer,
            AuditTrail trail,
            Clock clock) {
        this.tx = tx;
        this.users = users;
        this.groups = groups;
        this.permissions = permissions;
        this.authorizer = authorizer;
        this.trail = trail;
        this.clock = clock;
    }

    /**
     * Imports {@code request}'s rows, or with {@code dryRun} only checks them.
     *
     * @throws ApiException {@code forbidden} without USERS WRITE, {@code validation-failed} for no rows or more
     *     than {@value #MAX_ROWS}
     */
    public UserImportReport importUsers(Caller caller, UserImportRequest request) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        List<UserImportRow> rows = request.rows();
        if (rows == null || rows.isEmpty()) {
            throw ApiException.invalid("rows", "Send at least one user.");
        }
        if (rows.size() > MAX_ROWS) {
            throw ApiException.invalid("rows", "Import at most " + MAX_ROWS + " users at a time.");
        }
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        Map<String, Group> groupsByName = tx.read(c -> groups.list(c)).stream()
                .collect(Collectors.toMap(g -> g.name().toLowerCase(Locale.ROOT), g -> g, (a, b) -> a));
        Set<String> seenEmails = new HashSet<>();
        Set<UUID> grantable = new HashSet<>();
        List<UserImportReport.Row> results = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            results.add(importRow(caller, i + 1, rows.get(i), groupsByName, grantable, seenEmails, dryRun));
        }
        int created = (int)
                results.stream().filter(r -> r.outcome() != Outcome.FAILED).count();
        return new UserImportReport(dryRun, created, results.size() - created, results);
    }

    private UserImportReport.Row importRow(
            Caller caller,
            int number,
            UserImportRow row,
            Map<String, Group> groupsByName,
            Set<UUID> grantable,
            Set<String> seenEmails,
            boolean dryRun) {
        String email = row == null ? null : row.email();
        try {
            Candidate candidate = check(caller, row, groupsByName, grantable);
            if (!seenEmails.add(candidate.email().toLowerCase(Locale.ROOT))) {
                throw ApiException.of(ProblemType.CONFLICT, "This email appears on an earlier row.");
            }
            if (dryRun) {
                boolean exists = tx.read(c -> users.emailExists(c, candidate.email()));
                if (exists) {
                    throw ApiException.of(ProblemType.CONFLICT, "A user with this email already exists.");
                }
                return new UserImportReport.Row(number, email, Outcome.WOULD_CREATE, null, note(candidate));
            }
            UUID id = create(caller, candidate);
            return new UserImportReport.Row(number, email, Outcome.CREATED, id, note(candidate));
        } catch (ApiException e) {
            return new UserImportReport.Row(number, email, Outcome.FAILED, null, sentence(e));
        }
    }

    private record Candidate(String email, String displayName, Role role, List<Group> groups) {}

    /** @param grantable groups whose grants the caller was already found to hold, so each is read once per import */
    private Candidate check(Caller caller, UserImportRow row, Map<String, Group> groupsByName, Set<UUID> grantable) {
        if (row == null) {
            throw ApiException.invalid("row", "This row is empty.");
        }
        Validator v =
                new Validator().email("email", row.email()).text("displayName", row.displayName(), 1, DISPLAY_NAME_MAX);
        List<Group> memberOf = new ArrayList<>();
        for (String name : row.groups() == null ? List.<String>of() : row.groups()) {
            Group group = name == null ? null : groupsByName.get(name.strip().toLowerCase(Locale.ROOT));
            if (group == null) {
                v.error("groups", "There is no group named \"" + (name == null ? "" : name.strip()) + "\".");
            } else if (!memberOf.contains(group)) {
                memberOf.add(group);
            }
        }
        v.throwIfInvalid();
        Role role = row.role() == null ? Role.USER : row.role();
        if (role == Role.ADMIN) {
            authorizer.requireAdmin(caller, Module.USERS, "create an administrator");
        }
        if (!memberOf.isEmpty()) {
            authorizer.require(caller, Module.GROUPS, AccessLevel.WRITE);
            for (Group group : memberOf) {
                if (!grantable.contains(group.id())) {
                    authorizer.requireHoldsGroup(caller, group.id());
                    grantable.add(group.id());
                }
            }
        }
        return new Candidate(row.email().strip(), row.displayName().strip(), role, memberOf);
    }

    private UUID create(Caller caller, Candidate candidate) {
        Instant now = clock.instant();
        User user = new User(
                UUID.randomUUID(),
                candidate.email(),
                candidate.displayName(),
                candidate.role(),
                true,
                true,
                now,
                now,
                null);
        return tx.write(c -> {
            if (users.emailExists(c, user.email())) {
                throw ApiException.of(ProblemType.CONFLICT, "A user with this email already exists.");
            }
            users.insert(c, user, null);
            trail.record(
                    c,
                    AuditRecord.change(
                                    AuditAction.USER_CREATE,
                                    caller.user(),
                                    caller.client(),
                                    "user",
                                    user.id(),
                                    AuditDiff.of(
                                            UserAccount.AUDIT_CLEAR_FIELDS,
                                            List.of(
                                                    new FieldChange("email", null, user.email()),
                                                    new FieldChange("displayName", null, user.displayName()),
                                                    new FieldChange("role", null, user.role()))))
                            .reason("Imported"));
            if (!candidate.groups().isEmpty()) {
                permissions.bumpVersion(c);
            }
            for (Group group : candidate.groups()) {
                groups.addMember(c, group.id(), user.id(), now);
                trail.record(
                        c,
                        AuditRecord.change(
                                        AuditAction.GROUP_MEMBER_ADD,
                                        caller.user(),
                                        caller.client(),
                                        "group",
                                        group.id(),
                                        AuditDiff.of(
                                                GROUP_AUDIT_CLEAR_FIELDS,
                                                List.of(new FieldChange("member", null, user.id()))))
                                .reason("Imported"));
            }
            return user.id();
        });
    }

    private static String note(Candidate candidate) {
        String groupsNote = candidate.groups().isEmpty()
                ? ""
                : ", member of " + candidate.groups().stream().map(Group::name).collect(Collectors.joining(", "));
        return candidate.role().name().charAt(0)
                + candidate.role().name().substring(1).toLowerCase(Locale.ROOT)
                + groupsNote
                + "; no password yet.";
    }

    /** The row's failure as one sentence: the field errors in order, or the problem's detail. */
    private static String sentence(ApiException e) {
        if (e.fieldErrors().isEmpty()) {
            return e.detail();
        }
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError error : e.fieldErrors()) {
            byField.putIfAbsent(error.field(), error.message());
        }
        return byField.entrySet().stream()
                .map(entry -> label(entry.getKey()) + ": " + entry.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String label(String field) {
        return switch (field) {
            case "email" -> "Email";
            case "displayName" -> "Name";
            case "groups" -> "Groups";
            default -> "Row";
        };
    }
}
