package dev.bulwark.desktop.groups;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupDetails;
import dev.bulwark.model.group.GroupMember;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.model.user.UserDetails;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Groups page: the list of groups; the selected group's description, members and permission matrix (one
 * level per module, saved together); and creating, renaming and deleting groups.
 */
public final class GroupsViewModel {
    static final String NEEDS_GROUPS_WRITE = "You need write access to groups for this.";
    static final String SETTINGS_ADMIN_ONLY =
            "Only administrators change settings, so SETTINGS can be granted up to READ.";
    static final String BEYOND_OWN_LEVEL = "You can grant at most the level you hold yourself.";
    static final String SELECT_A_GROUP = "Select a group first.";
    static final int CANDIDATES = 20;

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final User me;
    private final Activity activity;

    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    private final ObservableList<Group> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ReadOnlyObjectWrapper<GroupDetails> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObservableList<GroupMember> members = FXCollections.observableArrayList();
    private final ObservableList<GroupMember> membersView = FXCollections.unmodifiableObservableList(members);
    private final Map<Module, ObjectProperty<AccessLevel>> grants = new EnumMap<>(Module.class);
    private final BooleanBinding grantsChanged;
    private final ReadOnlyObjectWrapper<EffectivePermissions> mine =
            new ReadOnlyObjectWrapper<>(this, "mine", new EffectivePermissions(null, null, List.of()));

    private final StringProperty memberQuery = new SimpleStringProperty(this, "memberQuery", "");
    private final ObservableList<UserDetails> candidates = FXCollections.observableArrayList();
    private final ObservableList<UserDetails> candidatesView = FXCollections.unmodifiableObservableList(candidates);
    private long candidateGeneration;

    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final StringBinding createBlocked;
    private final StringBinding changeBlocked;
    private final StringBinding saveGrantsBlocked;

    public GroupsViewModel(BackgroundRunner runner, ServerConnection connection, User me) {
        this.runner = runner;
        this.connection = connection;
        this.me = me;
        this.activity = new Activity(runner);
        Observable[] levels = new Observable[Module.values().length + 1];
        int i = 0;
        for (Module module : Module.values()) {
            ObjectProperty<AccessLevel> level = new SimpleObjectProperty<>(this, module.name(), AccessLevel.NONE);
            grants.put(module, level);
            levels[i++] = level;
        }
        levels[i] = selected;
        grantsChanged = Bindings.createBooleanBinding(this::differsFromSaved, levels);
        createBlocked = Bindings.createStringBinding(() -> mayWrite() ? "" : NEEDS_GROUPS_WRITE, mine);
        changeBlocked = Bindings.createStringBinding(
                () -> selected.get() == null ? SELECT_A_GROUP : mayWrite() ? "" : NEEDS_GROUPS_WRITE, mine, selected);
        Observable[] saveDependencies = new Observable[] {changeBlocked, grantsChanged};
        saveGrantsBlocked = Bindings.createStringBinding(
                () -> !changeBlocked.get().isEmpty()
                        ? changeBlocked.get()
                        : grantsChanged.get() ? "" : "Change a level first.",
                saveDependencies);
    }

    /** Loads what the signed-in user may do and the list of groups. */
    public void reload() {
        runner.run(() -> connection.client().users().effectivePermissions(me.id()), mine::set, activity::fail);
        activity.run(() -> connection.client().groups().list().items(), list -> {
            groups.setAll(list);
            GroupDetails current = selected.get();
            if (current != null) {
                list.stream()
                        .filter(group -> group.id().equals(current.group().id()))
                        .findFirst()
                        .ifPresentOrElse(this::select, () -> show(null));
            }
        });
    }

    /** Shows {@code group} with its members and grants; {@code null} clears the detail. */
    public void select(Group group) {
        if (group == null) {
            show(null);
            return;
        }
        UUID id = group.id();
        runner.run(() -> connection.client().groups().get(id), this::show, activity::fail);
    }

    private void show(GroupDetails details) {
        selected.set(details);
        if (details == null) {
            members.clear();
            grants.values().forEach(level -> level.set(AccessLevel.NONE));
            return;
        }
        members.setAll(details.members());
        for (Module module : Module.values()) {
            grants.get(module).set(details.grants().grants().getOrDefault(module, AccessLevel.NONE));
        }
        replaceRow(details.group());
    }

    private boolean differsFromSaved() {
        GroupDetails current = selected.get();
        if (current == null) {
            return false;
        }
        for (Module module : Module.values()) {
            AccessLevel saved = current.grants().grants().getOrDefault(module, AccessLevel.NONE);
            if (grants.get(module).get() != saved) {
                return true;
            }
        }
        return false;
    }

    /** Saves the permission matrix of the selected group in one request. */
    public void saveGrants() {
        GroupDetails current = selected.get();
        if (current == null) {
            return;
        }
        Map<Module, AccessLevel> chosen = new EnumMap<>(Module.class);
        grants.forEach((module, level) -> {
            if (level.get() != AccessLevel.NONE) {
                chosen.put(module, level.get());
            }
        });
        UUID id = current.group().id();
        activity.run(
                () -> {
                    connection.client().groups().setGrants(id, new Grants(chosen));
                    return connection.client().groups().get(id);
                },
                details -> {
                    show(details);
                    notice.set("The permissions of " + details.group().name() + " were saved.");
                },
                failure -> {
                    activity.fail(failure);
                });
    }

    /** Sets the selected group's matrix back to what the server holds. */
    public void revertGrants() {
        show(selected.get());
    }

    /** The form that creates a group; the new group is selected once saved. */
    public GroupFormViewModel newGroupForm() {
        return new GroupFormViewModel(runner, connection, null, saved -> {
            groups.add(saved);
            notice.set("The group " + saved.name() + " was created.");
            select(saved);
        });
    }

    /** The form that renames the selected group or changes its description. */
    public GroupFormViewModel editForm() {
        Group group = Objects.requireNonNull(selected.get()).group();
        return new GroupFormViewModel(runner, connection, group, saved -> {
            notice.set("The group " + saved.name() + " was saved.");
            select(saved);
        });
    }

    /** The question the delete confirmation asks, naming the group. */
    public String deleteQuestion() {
        GroupDetails group = Objects.requireNonNull(selected.get());
        int count = group.members().size();
        return "Delete the group " + group.group().name() + "? Its "
                + (count == 1 ? "1 member loses" : count + " members lose") + " the permissions it grants.";
    }

    /** Deletes the selected group. */
    public void deleteSelected() {
        GroupDetails current = selected.get();
        if (current == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().groups().delete(current.group().id());
                    return current.group();
                },
                deleted -> {
                    groups.removeIf(group -> group.id().equals(deleted.id()));
                    show(null);
                    notice.set("The group " + deleted.name() + " was deleted.");
                });
    }

    /** Searches users to add by name or email; older answers are dropped. */
    public void searchCandidates() {
        long generation = ++candidateGeneration;
        String q = memberQuery.get() == null ? "" : memberQuery.get().strip();
        runner.run(
                () -> connection
                        .client()
                        .users()
                        .search(q.isEmpty() ? null : q, CANDIDATES, null)
                        .items(),
                found -> {
                    if (generation == candidateGeneration) {
                        candidates.setAll(found);
                    }
                },
                activity::fail);
    }

    /** Adds {@code user} to the selected group. */
    public void addMember(UserDetails user) {
        GroupDetails current = selected.get();
        if (current == null || user == null) {
            activity.fail(user == null ? "Choose a user to add." : SELECT_A_GROUP);
            return;
        }
        UUID id = current.group().id();
        activity.run(
                () -> {
                    connection.client().groups().addMember(id, user.user().id());
                    return connection.client().groups().get(id);
                },
                details -> {
                    show(details);
                    notice.set(user.user().displayName() + " was added to "
                            + details.group().name() + ".");
                });
    }

    /** Removes {@code member} from the selected group. */
    public void removeMember(GroupMember member) {
        GroupDetails current = selected.get();
        if (current == null || member == null) {
            return;
        }
        UUID id = current.group().id();
        activity.run(
                () -> {
                    connection.client().groups().removeMember(id, member.userId());
                    return connection.client().groups().get(id);
                },
                details -> {
                    show(details);
                    notice.set(member.displayName() + " was removed from "
                            + details.group().name() + ".");
                });
    }

    private void replaceRow(Group group) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).id().equals(group.id())) {
                groups.set(i, group);
            }
        }
    }

    /**
     * Why {@code level} on {@code module} cannot be chosen in the matrix, or empty: nobody but an administrator
     * grants more than they hold themselves.
     */
    public StringBinding grantBlocked(Module module, AccessLevel level) {
        return Bindings.createStringBinding(
                () -> {
                    if (!changeBlocked.get().isEmpty()) {
                        return changeBlocked.get();
                    }
                    if (module == Module.SETTINGS && level == AccessLevel.WRITE) {
                        return SETTINGS_ADMIN_ONLY;
                    }
                    if (me.role() != Role.ADMIN && !mine.get().levelOf(module).includes(level)) {
                        return BEYOND_OWN_LEVEL;
                    }
                    return "";
                },
                changeBlocked,
                mine);
    }

    private boolean mayWrite() {
        return mine.get().levelOf(Module.GROUPS).includes(AccessLevel.WRITE);
    }

    public ObservableList<Group> groups() {
        return groupsView;
    }

    public ReadOnlyObjectProperty<GroupDetails> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ObservableList<GroupMember> members() {
        return membersView;
    }

    /** The level the matrix shows for {@code module}; the view's toggles write it, {@link #saveGrants()} sends it. */
    public ObjectProperty<AccessLevel> grantProperty(Module module) {
        return grants.get(module);
    }

    /** Whether the matrix differs from what the server holds. */
    public BooleanBinding grantsChangedProperty() {
        return grantsChanged;
    }

    public StringProperty memberQueryProperty() {
        return memberQuery;
    }

    /** The users the member picker offers. */
    public ObservableList<UserDetails> candidates() {
        return candidatesView;
    }

    /** Why "Create group" is unavailable, or empty. */
    public StringBinding createBlockedProperty() {
        return createBlocked;
    }

    /** Why the selected group cannot be changed (rename, delete, members), or empty. */
    public StringBinding changeBlockedProperty() {
        return changeBlocked;
    }

    /** Why the matrix cannot be saved now, or empty. */
    public StringBinding saveGrantsBlockedProperty() {
        return saveGrantsBlocked;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
