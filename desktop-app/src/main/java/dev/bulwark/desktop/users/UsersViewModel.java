package dev.bulwark.desktop.users;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Permissions;
import dev.bulwark.desktop.ui.Problems;
import dev.bulwark.model.auth.SessionInfo;
import dev.bulwark.model.auth.SessionList;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.permission.ModulePermission;
import dev.bulwark.model.permission.PermissionReason;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.ApiToken;
import dev.bulwark.model.token.ApiTokenList;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.model.user.UserPage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Users page: a server-side search over users, paged by cursor; the selected user's details, effective
 * permissions with their reasons, sessions and API tokens; and the commands an administrator runs on users. What the
 * signed-in user may not do is disabled, with a sentence saying why.
 */
public final class UsersViewModel {
    static final int PAGE_SIZE = 50;
    static final String NEEDS_USERS_WRITE = "You need write access to users for this.";
    static final String NEEDS_ADMIN = "Only an administrator can change an administrator.";
    static final String NEEDS_ADMIN_FOR_ROLES = "Only an administrator can change roles.";
    static final String NEEDS_GROUPS_WRITE = "You need write access to groups for this.";
    static final String SELECT_A_USER = "Select a user first.";
    static final String NO_GROUPS = "There are no groups yet. Create one on the Groups page.";

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final User me;
    private final Activity activity;

    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObservableList<UserDetails> users = FXCollections.observableArrayList();
    private final ObservableList<UserDetails> usersView = FXCollections.unmodifiableObservableList(users);
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(this, "hasMore", false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private String nextCursor;
    private long searchGeneration;

    private final ReadOnlyObjectWrapper<EffectivePermissions> mine =
            new ReadOnlyObjectWrapper<>(this, "mine", new EffectivePermissions(null, null, List.of()));
    private final ReadOnlyObjectWrapper<UserDetails> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObservableList<PermissionRow> permissions = FXCollections.observableArrayList();
    private final ObservableList<PermissionRow> permissionsView = FXCollections.unmodifiableObservableList(permissions);
    private final ObservableList<SessionInfo> sessions = FXCollections.observableArrayList();
    private final ObservableList<SessionInfo> sessionsView = FXCollections.unmodifiableObservableList(sessions);
    private final ObservableList<ApiToken> tokens = FXCollections.observableArrayList();
    private final ObservableList<ApiToken> tokensView = FXCollections.unmodifiableObservableList(tokens);
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    private final ObservableList<Group> groupsView = FXCollections.unmodifiableObservableList(groups);
    private long detailGeneration;

    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final UserMfaViewModel mfa;
    private final UserIdentitiesViewModel identities;
    private final StringBinding createBlocked;
    private final StringBinding manageBlocked;
    private final StringBinding bulkBlocked;
    private final StringBinding addToGroupBlocked;

    /** @param me the signed-in user, whose own permissions decide what the page offers */
    private static final DateTimeFormatter LOCK_TIME = DateTimeFormatter.ofPattern("HH:mm");

    public UsersViewModel(BackgroundRunner runner, ServerConnection connection, User me) {
        this.runner = runner;
        this.connection = connection;
        this.me = me;
        this.activity = new Activity(runner);
        this.mfa = new UserMfaViewModel(runner, connection, this::isAdmin);
        this.identities = new UserIdentitiesViewModel(runner, connection, this::isAdmin);
        createBlocked = Bindings.createStringBinding(() -> mayWriteUsers() ? "" : NEEDS_USERS_WRITE, mine);
        manageBlocked = Bindings.createStringBinding(() -> manageBlockedFor(selected.get()), mine, selected);
        bulkBlocked = Bindings.createStringBinding(() -> mayWriteUsers() ? "" : NEEDS_USERS_WRITE, mine);
        addToGroupBlocked = Bindings.createStringBinding(
                () -> mine.get().levelOf(Module.GROUPS).includes(AccessLevel.WRITE) ? "" : NEEDS_GROUPS_WRITE, mine);
    }

    /** Loads what the signed-in user may do, then the first page of users. */
    public void reload() {
        runner.run(() -> connection.client().users().effectivePermissions(me.id()), mine::set, activity::fail);
        search();
    }

    /** Searches from the first page with the current {@link #queryProperty() query}; older answers are dropped. */
    public void search() {
        long generation = ++searchGeneration;
        String q = query.get() == null ? "" : query.get().strip();
        loading.set(true);
        runner.run(
                () -> connection.client().users().search(q.isEmpty() ? null : q, PAGE_SIZE, null),
                page -> {
                    if (generation == searchGeneration) {
                        loading.set(false);
                        users.setAll(page.items());
                        nextPage(page);
                        reselect();
                    }
                },
                failure -> {
                    if (generation == searchGeneration) {
                        loading.set(false);
                        activity.fail(failure);
                    }
                });
    }

    /** Loads the next page of the current search after the users shown. */
    public void loadMore() {
        if (nextCursor == null || loading.get()) {
            return;
        }
        long generation = searchGeneration;
        String q = query.get() == null ? "" : query.get().strip();
        String cursor = nextCursor;
        loading.set(true);
        runner.run(
                () -> connection.client().users().search(q.isEmpty() ? null : q, PAGE_SIZE, cursor),
                page -> {
                    if (generation == searchGeneration) {
                        loading.set(false);
                        users.addAll(page.items());
                        nextPage(page);
                    }
                },
                failure -> {
                    if (generation == searchGeneration) {
                        loading.set(false);
                        activity.fail(failure);
                    }
                });
    }

    private void nextPage(UserPage page) {
        nextCursor = page.nextCursor();
        hasMore.set(nextCursor != null);
    }

    private void reselect() {
        UserDetails current = selected.get();
        if (current != null) {
            users.stream()
                    .filter(user -> user.user().id().equals(current.user().id()))
                    .findFirst()
                    .ifPresent(this::select);
        }
    }

    /** Shows {@code user} in the detail pane and loads their permissions and sessions; {@code null} clears it. */
    public void select(UserDetails user) {
        long generation = ++detailGeneration;
        selected.set(user);
        mfa.show(user);
        identities.show(user);
        if (user == null) {
            permissions.clear();
            sessions.clear();
            tokens.clear();
            return;
        }
        UUID id = user.user().id();
        runner.run(
                () -> new Detail(
                        connection.client().users().effectivePermissions(id),
                        // Others' sessions need USERS WRITE even to list; asking without it is a denial.
                        mayWriteUsers() ? connection.client().users().sessions(id) : new SessionList(List.of()),
                        connection.client().users().tokens(id)),
                detail -> {
                    if (generation == detailGeneration) {
                        permissions.setAll(rows(detail.permissions()));
                        sessions.setAll(detail.sessions().items());
                        tokens.setAll(detail.tokens().items());
                    }
                },
                failure -> {
                    if (generation == detailGeneration) {
                        activity.fail(failure);
                    }
                });
    }

    private record Detail(EffectivePermissions permissions, SessionList sessions, ApiTokenList tokens) {}

    static List<PermissionRow> rows(EffectivePermissions effective) {
        return effective.modules().stream()
                .map(module -> new PermissionRow(
                        module.module(),
                        Permissions.module(module.module()),
                        Permissions.level(module.level()),
                        reasons(module)))
                .toList();
    }

    private static String reasons(ModulePermission module) {
        return module.reasons().stream().map(UsersViewModel::reason).collect(Collectors.joining("\n"));
    }

    private static String reason(PermissionReason reason) {
        if (reason.text() != null && !reason.text().isBlank()) {
            return reason.text();
        }
        String level = Permissions.level(reason.level());
        return switch (reason.kind()) {
            case ROLE -> "Role gives " + level;
            case ROLE_CAP -> "Role caps at " + level;
            case DIRECT_GRANT -> "Direct grant: " + level;
            case GROUP_GRANT -> "Group " + reason.groupName() + ": " + level;
        };
    }

    // ---- Commands on the selected user -------------------------------------------------------------------

    /** The form that creates a user; the new user is shown and selected once saved. */
    public UserFormViewModel newUserForm() {
        return UserFormViewModel.forNew(runner, connection, isAdmin(), this::created);
    }

    /** The import of users from a CSV file; the list reloads after an import that created someone. */
    public UserImportViewModel importForm() {
        return new UserImportViewModel(runner, connection, this::reload);
    }

    private void created(UserDetails user) {
        users.add(0, user);
        notice.set(user.user().displayName() + " was created. They must change the password at first sign-in.");
        select(user);
    }

    /** The form that edits the selected user; the role is only offered to administrators. */
    public UserFormViewModel editForm() {
        return UserFormViewModel.forExisting(
                runner, connection, Objects.requireNonNull(selected.get()), isAdmin(), this::changed);
    }

    /** The form that gives the selected user a temporary password. */
    public PasswordResetViewModel passwordResetForm() {
        return new PasswordResetViewModel(runner, connection, Objects.requireNonNull(selected.get()), reset -> {
            changed(reset);
            notice.set("The password was reset. " + reset.user().displayName() + " must change it at next sign-in.");
        });
    }

    /** Disables the selected user when enabled, enables them when disabled. */
    public void toggleEnabled() {
        UserDetails user = selected.get();
        if (user == null) {
            return;
        }
        UUID id = user.user().id();
        boolean enable = !user.user().enabled();
        activity.run(
                () -> enable
                        ? connection.client().users().enable(id)
                        : connection.client().users().disable(id),
                changed -> {
                    changed(changed);
                    notice.set(changed.user().displayName() + (enable ? " was enabled." : " was disabled."));
                });
    }

    /** Ends the selected user's sign-in lock after repeated failed sign-ins. */
    public void unlockSelected() {
        UserDetails user = selected.get();
        if (user == null) {
            return;
        }
        activity.run(() -> connection.client().users().unlock(user.user().id()), changed -> {
            changed(changed);
            notice.set(changed.user().displayName() + " was unlocked and can sign in again.");
        });
    }

    /** The question the delete confirmation asks, naming the selected user. */
    public String deleteQuestion() {
        UserDetails user = Objects.requireNonNull(selected.get());
        return "Delete " + user.user().displayName() + " (" + user.user().email() + ")? This cannot be undone.";
    }

    /** Deletes the selected user. */
    public void deleteSelected() {
        UserDetails user = selected.get();
        if (user == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().users().delete(user.user().id());
                    return user;
                },
                deleted -> {
                    users.removeIf(row -> row.user().id().equals(deleted.user().id()));
                    select(null);
                    notice.set(deleted.user().displayName() + " was deleted.");
                });
    }

    /** Ends one session of the selected user. */
    public void endSession(SessionInfo session) {
        UserDetails user = selected.get();
        if (user == null || session == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().users().endSession(user.user().id(), session.id());
                    return user;
                },
                done -> {
                    notice.set("The session was ended.");
                    select(done);
                });
    }

    /** Ends every session of the selected user. */
    public void endAllSessions() {
        UserDetails user = selected.get();
        if (user == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().users().endAllSessions(user.user().id());
                    return user;
                },
                done -> {
                    notice.set("Every session of " + done.user().displayName() + " was ended.");
                    select(done);
                });
    }

    /** The question the revoke confirmation asks, naming the token and its owner. */
    public String revokeTokenQuestion(ApiToken token) {
        UserDetails user = Objects.requireNonNull(selected.get());
        return "Revoke the API token \u201c" + token.name() + "\u201d of "
                + user.user().displayName() + "? Scripts that use it stop working at once. This cannot be undone.";
    }

    /** Revokes one API token of the selected user. */
    public void revokeToken(ApiToken token) {
        UserDetails user = selected.get();
        if (user == null || token == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().users().revokeToken(user.user().id(), token.id());
                    return user;
                },
                done -> {
                    notice.set("The API token \u201c" + token.name() + "\u201d was revoked.");
                    select(done);
                });
    }

    private void changed(UserDetails user) {
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).user().id().equals(user.user().id())) {
                users.set(i, user);
            }
        }
        notice.set(user.user().displayName() + " was saved.");
        select(user);
    }

    // ---- Bulk commands -----------------------------------------------------------------------------------

    /** Enables or disables every user in {@code chosen}, one by one; reports how many changed and the first refusal. */
    public void setEnabled(List<UserDetails> chosen, boolean enable) {
        List<UserDetails> targets = List.copyOf(chosen);
        if (targets.isEmpty()) {
            activity.fail(SELECT_A_USER);
            return;
        }
        activity.run(
                () -> eachOf(
                        targets,
                        user -> enable
                                ? connection.client().users().enable(user.user().id())
                                : connection
                                        .client()
                                        .users()
                                        .disable(user.user().id())),
                outcome -> {
                    outcome.changed().forEach(this::replaceRow);
                    notice.set(count(outcome.changed().size()) + (enable ? " enabled." : " disabled."));
                    outcome.report(targets.size()).ifPresent(activity::fail);
                    reselect();
                });
    }

    /** Loads the groups "Add to group…" offers, then runs {@code then}. */
    public void loadGroups(Runnable then) {
        activity.run(() -> connection.client().groups().list().items(), list -> {
            groups.setAll(list);
            if (list.isEmpty()) {
                activity.fail(NO_GROUPS);
            } else {
                then.run();
            }
        });
    }

    /** Adds every user in {@code chosen} to {@code group}; users already in it are left as they are. */
    public void addToGroup(List<UserDetails> chosen, Group group) {
        List<UserDetails> targets = List.copyOf(chosen);
        if (targets.isEmpty() || group == null) {
            activity.fail(targets.isEmpty() ? SELECT_A_USER : "Choose a group.");
            return;
        }
        activity.run(
                () -> eachOf(targets, user -> {
                    try {
                        connection
                                .client()
                                .groups()
                                .addMember(group.id(), user.user().id());
                    } catch (ApiException e) {
                        if (e.type() != ProblemType.CONFLICT) {
                            throw e;
                        }
                    }
                    return user;
                }),
                outcome -> {
                    notice.set(count(outcome.changed().size()) + " added to " + group.name() + ".");
                    outcome.report(targets.size()).ifPresent(activity::fail);
                    reselect();
                });
    }

    private static String count(int n) {
        return n == 1 ? "1 user" : n + " users";
    }

    private void replaceRow(UserDetails user) {
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).user().id().equals(user.user().id())) {
                users.set(i, user);
            }
        }
    }

    private static BulkOutcome eachOf(List<UserDetails> targets, Function<UserDetails, UserDetails> change) {
        List<UserDetails> changed = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (UserDetails target : targets) {
            try {
                changed.add(change.apply(target));
            } catch (RuntimeException e) {
                refusals.add(target.user().email() + ": " + Problems.describe(e));
            }
        }
        return new BulkOutcome(changed, refusals);
    }

    private record BulkOutcome(List<UserDetails> changed, List<String> refusals) {
        java.util.Optional<String> report(int total) {
            if (refusals.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(refusals.size() + " of " + total + " not changed. " + refusals.getFirst());
        }
    }

    // ---- What the signed-in user may do ------------------------------------------------------------------

    private boolean mayWriteUsers() {
        return mine.get().levelOf(Module.USERS).includes(AccessLevel.WRITE);
    }

    private boolean isAdmin() {
        return me.role() == Role.ADMIN;
    }

    private String manageBlockedFor(UserDetails target) {
        if (target == null) {
            return SELECT_A_USER;
        }
        if (!mayWriteUsers()) {
            return NEEDS_USERS_WRITE;
        }
        if (target.user().role() == Role.ADMIN && !isAdmin()) {
            return NEEDS_ADMIN;
        }
        return "";
    }

    /** Why "Create user" is unavailable, or empty when it is available. */
    public StringBinding createBlockedProperty() {
        return createBlocked;
    }

    /** Why the selected user cannot be changed (edit, enable/disable, reset, delete, sessions), or empty. */
    public StringBinding manageBlockedProperty() {
        return manageBlocked;
    }

    /** Why bulk enable/disable is unavailable, or empty. */
    public StringBinding bulkBlockedProperty() {
        return bulkBlocked;
    }

    /** Why "Add to group…" is unavailable, or empty. */
    public StringBinding addToGroupBlockedProperty() {
        return addToGroupBlocked;
    }

    // ---- State -------------------------------------------------------------------------------------------

    /** The search text; the view sends it after a short pause in typing. */
    public StringProperty queryProperty() {
        return query;
    }

    /** The users found so far, sorted by email as the server sends them. */
    public ObservableList<UserDetails> users() {
        return usersView;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserDetails> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected user's effective permissions, one row per module, with the reasons. */
    public ObservableList<PermissionRow> permissions() {
        return permissionsView;
    }

    /** The selected user's known addresses and second factor. */
    public UserMfaViewModel mfa() {
        return mfa;
    }

    /** The selected user's linked sign-in provider accounts. */
    public UserIdentitiesViewModel identities() {
        return identities;
    }

    /** The selected user's active sessions. */
    public ObservableList<SessionInfo> sessions() {
        return sessionsView;
    }

    /** The selected user's API tokens that are not revoked. */
    public ObservableList<ApiToken> tokens() {
        return tokensView;
    }

    /** The groups to add users to, after {@link #loadGroups()}. */
    public ObservableList<Group> groups() {
        return groupsView;
    }

    /** The signed-in user's own permissions. */
    public ReadOnlyObjectProperty<EffectivePermissions> mineProperty() {
        return mine.getReadOnlyProperty();
    }

    /** A neutral sentence about the last change, or empty. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }

    /** How a user's status reads in the table and the detail pane. */
    public static String status(User user) {
        return user.enabled() ? "Enabled" : "Disabled";
    }

    /**
     * "Locked until 14:05 from new addresses" (local time) for a user locked after failed sign-ins; empty when not
     * locked. The lock holds for addresses the user has not signed in from within 90 days; from those it still may.
     */
    public static String lock(UserDetails user) {
        return user.lockedUntil() == null
                ? ""
                : "Locked until " + LOCK_TIME.format(user.lockedUntil().atZone(ZoneId.systemDefault()))
                        + " from new addresses";
    }

    /** How a user's last sign-in reads. */
    public static String lastSignIn(User user) {
        return Formats.dateTime(user.lastLoginAt());
    }
}
