package dev.bulwark.desktop.vault;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Clipboard;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import dev.bulwark.model.vault.CustomField;
import dev.bulwark.model.vault.CustomFieldInput;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.HealthItem;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.SecretVersion;
import dev.bulwark.model.vault.UpdateVaultEntryRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultEntrySummary;
import dev.bulwark.model.vault.VaultHealth;
import dev.bulwark.model.vault.VaultQuery;
import dev.bulwark.model.vault.VaultShare;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * The Vault page: the searchable list of entries (or the trash, or the health report), the selected entry with
 * its encrypted fields masked, its versions and its sharing. A revealed value is shown for {@link #SHOW_FOR} and
 * a copied one is taken off the clipboard after {@link ClipboardGuard#CLEAR_AFTER}; both are timed by the injected
 * clock and the runner's repeating tick, and both end at once when the console locks.
 */
public final class VaultViewModel implements AutoCloseable {
    static final Duration SHOW_FOR = Duration.ofSeconds(30);
    static final Duration TICK = Duration.ofSeconds(1);
    static final String NEEDS_VAULT_WRITE = "You need write access to the vault for this.";
    static final String READ_ONLY_ENTRY = "This entry is shared with you for reading only.";
    static final String SELECT_AN_ENTRY = "Select an entry first.";
    static final String IN_TRASH = "Restore the entry from the trash first.";
    static final String REASON_REQUIRED = "This server asks why you need the secret. Enter a reason, then try again.";
    static final String COPIED = "Copied. The clipboard is cleared in 20 s.";
    /** The most entries one list shows (the server's largest page); a search narrows a larger vault. */
    static final int LIST_LIMIT = 1000;

    /** What the list shows. */
    public enum Mode {
        ENTRIES,
        TRASH,
        HEALTH
    }

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final User me;
    private final Clock clock;
    private final Activity activity;
    private final ClipboardGuard clipboard;

    private final ReadOnlyObjectWrapper<Mode> mode = new ReadOnlyObjectWrapper<>(this, "mode", Mode.ENTRIES);
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObjectProperty<EntryKind> kindFilter = new SimpleObjectProperty<>(this, "kindFilter");
    private final ObservableList<VaultEntrySummary> entries = FXCollections.observableArrayList();
    private final ObservableList<VaultEntrySummary> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final ReadOnlyObjectWrapper<VaultEntry> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObservableList<SecretField> secretFields = FXCollections.observableArrayList();
    private final ObservableList<SecretField> secretFieldsView = FXCollections.unmodifiableObservableList(secretFields);
    private final ObservableList<SecretVersion> versions = FXCollections.observableArrayList();
    private final ObservableList<SecretVersion> versionsView = FXCollections.unmodifiableObservableList(versions);
    private final ObservableList<ShareRow> sharing = FXCollections.observableArrayList();
    private final ObservableList<ShareRow> sharingView = FXCollections.unmodifiableObservableList(sharing);
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    private final ObservableList<Group> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ReadOnlyObjectWrapper<VaultHealth> health = new ReadOnlyObjectWrapper<>(this, "health");
    private final ObservableList<HealthItem> healthItems = FXCollections.observableArrayList();
    private final ObservableList<HealthItem> healthItemsView = FXCollections.unmodifiableObservableList(healthItems);
    private final ReadOnlyObjectWrapper<EffectivePermissions> mine =
            new ReadOnlyObjectWrapper<>(this, "mine", new EffectivePermissions(null, null, List.of()));

    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final ReadOnlyBooleanWrapper reasonRequired = new ReadOnlyBooleanWrapper(this, "reasonRequired", false);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper listNote = new ReadOnlyStringWrapper(this, "listNote", "");
    private final ReadOnlyBooleanWrapper sharingChanged = new ReadOnlyBooleanWrapper(this, "sharingChanged", false);
    private final StringBinding createBlocked;
    private final StringBinding changeBlocked;
    private final StringBinding trashBlocked;
    private Subscription ticking;
    private long listGeneration;

    /**
     * @param clipboard where Copy puts a value
     * @param clock the time that reveal and copy are measured against
     */
    public VaultViewModel(
            BackgroundRunner runner, ServerConnection connection, User me, Clipboard clipboard, Clock clock) {
        this.runner = runner;
        this.connection = connection;
        this.me = me;
        this.clock = clock;
        this.activity = new Activity(runner);
        this.clipboard = new ClipboardGuard(clipboard, clock);
        createBlocked = Bindings.createStringBinding(() -> mayWrite() ? "" : NEEDS_VAULT_WRITE, mine);
        changeBlocked = Bindings.createStringBinding(
                () -> {
                    VaultEntry entry = selected.get();
                    if (entry == null) {
                        return SELECT_AN_ENTRY;
                    }
                    if (!mayWrite()) {
                        return NEEDS_VAULT_WRITE;
                    }
                    if (entry.access() != AccessLevel.WRITE) {
                        return READ_ONLY_ENTRY;
                    }
                    return entry.deletedAt() != null ? IN_TRASH : "";
                },
                mine,
                selected);
        trashBlocked = Bindings.createStringBinding(
                () -> {
                    VaultEntry entry = selected.get();
                    if (entry == null) {
                        return SELECT_AN_ENTRY;
                    }
                    if (!mayWrite()) {
                        return NEEDS_VAULT_WRITE;
                    }
                    return entry.access() != AccessLevel.WRITE ? READ_ONLY_ENTRY : "";
                },
                mine,
                selected);
    }

    /** Loads what the signed-in user may do, the groups to share with, and the list the page shows. */
    public void reload() {
        runner.run(() -> connection.client().users().effectivePermissions(me.id()), mine::set, activity::fail);
        // Someone without GROUPS READ still sees the vault; the sharing lists then name groups by id only.
        runner.run(() -> connection.client().groups().list().items(), groups::setAll, failure -> {});
        refreshList();
    }

    /** Shows the entries, the trash or the health report. */
    public void show(Mode target) {
        if (mode.get() != target) {
            mode.set(target);
            select(null);
        }
        refreshList();
    }

    /** Searches the entries (or the trash) by name, URL and tag, and by kind when one is chosen. */
    public void search() {
        refreshList();
    }

    private void refreshList() {
        long generation = ++listGeneration;
        if (mode.get() == Mode.HEALTH) {
            activity.run(() -> connection.client().vault().health(), report -> {
                health.set(report);
                healthItems.setAll(report.items());
            });
            return;
        }
        String text = query.get() == null ? "" : query.get().strip();
        VaultQuery q = new VaultQuery(
                text.isEmpty() ? null : text, null, kindFilter.get(), mode.get() == Mode.TRASH, 0, LIST_LIMIT);
        runner.run(
                () -> connection.client().vault().list(q),
                page -> {
                    if (generation != listGeneration) {
                        return;
                    }
                    List<VaultEntrySummary> list = page.entries();
                    entries.setAll(list);
                    listNote.set(
                            page.hasMore()
                                    ? "Showing the first " + list.size() + " entries. Search to find the others."
                                    : list.size() == 1 ? "1 entry" : list.size() + " entries");
                    VaultEntry current = selected.get();
                    if (current != null && list.stream().noneMatch(e -> e.id().equals(current.id()))) {
                        select(null);
                    }
                },
                activity::fail);
    }

    /** Shows {@code entry} with its fields masked, its versions and its sharing; {@code null} clears the detail. */
    public void select(VaultEntrySummary entry) {
        if (entry == null) {
            showEntry(null);
            return;
        }
        open(entry.id());
    }

    /** Opens the entry with {@code id}, for example from the health report, in the list of entries. */
    public void openFromHealth(UUID id) {
        mode.set(Mode.ENTRIES);
        query.set("");
        refreshList();
        open(id);
    }

    private void open(UUID id) {
        runner.run(() -> loadEntry(id), loaded -> showEntry(loaded), activity::fail);
    }

    private Loaded loadEntry(UUID id) {
        VaultEntry entry = connection.client().vault().get(id);
        List<SecretVersion> kept = connection.client().vault().versions(id).versions();
        return new Loaded(entry, kept);
    }

    private record Loaded(VaultEntry entry, List<SecretVersion> versions) {}

    private void showEntry(Loaded loaded) {
        hideAll();
        secretFields.clear();
        if (loaded == null) {
            selected.set(null);
            versions.clear();
            sharing.clear();
            sharingChanged.set(false);
            return;
        }
        VaultEntry entry = loaded.entry();
        if (entry.hasSecret()) {
            secretFields.add(new SecretField("secret", secretCaption(entry.kind())));
        }
        if (entry.hasNotes()) {
            secretFields.add(new SecretField("notes", "Notes"));
        }
        for (CustomField field : entry.customFields()) {
            if (field.secret()) {
                secretFields.add(new SecretField(field.name(), field.name()));
            }
        }
        versions.setAll(loaded.versions());
        selected.set(entry);
        resetSharing();
        replaceRow(entry);
    }

    private static String secretCaption(EntryKind kind) {
        return switch (kind) {
            case PASSWORD -> "Password";
            case API_KEY -> "Key";
            case SSH_KEY -> "Private key";
            case CERTIFICATE -> "Certificate";
            case SECURE_NOTE -> "Secret";
        };
    }

    private void replaceRow(VaultEntry entry) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).id().equals(entry.id())) {
                entries.set(i, summary(entry));
            }
        }
    }

    static VaultEntrySummary summary(VaultEntry e) {
        return new VaultEntrySummary(
                e.id(),
                e.name(),
                e.kind(),
                e.username(),
                e.url(),
                e.tags(),
                e.expiresOn(),
                e.updatedAt(),
                e.deletedAt(),
                e.access());
    }

    // --- reveal and copy

    /** Asks the server for the value of {@code field} and shows it for {@link #SHOW_FOR}. */
    public void reveal(SecretField field) {
        reveal(field, revealed -> notice.set(""));
    }

    /** Puts the value of {@code field} on the clipboard (revealing it first when needed) and records the copy. */
    public void copy(SecretField field) {
        if (field.value() != null) {
            copyShown(field);
            return;
        }
        reveal(field, this::copyShown);
    }

    private void copyShown(SecretField field) {
        VaultEntry entry = selected.get();
        if (entry == null || field.value() == null) {
            return;
        }
        clipboard.copy(field.value());
        notice.set(COPIED);
        startTicking();
        UUID id = entry.id();
        runner.run(
                () -> {
                    connection.client().vault().copied(id, field.field());
                    return Boolean.TRUE;
                },
                done -> {},
                activity::fail);
    }

    private void reveal(SecretField field, Consumer<SecretField> then) {
        VaultEntry entry = selected.get();
        if (entry == null || field == null) {
            return;
        }
        String why = reason.get() == null ? "" : reason.get().strip();
        if (reasonRequired.get() && why.isEmpty()) {
            activity.fail(REASON_REQUIRED);
            return;
        }
        UUID id = entry.id();
        RevealRequest request = new RevealRequest(why.isEmpty() ? null : why, field.field());
        activity.run(
                () -> connection.client().vault().reveal(id, request),
                revealed -> {
                    if (selected.get() == null || !selected.get().id().equals(id)) {
                        return;
                    }
                    field.show(revealed.value(), clock.instant().plus(SHOW_FOR), clock.instant());
                    reason.set("");
                    startTicking();
                    then.accept(field);
                },
                failure -> {
                    if (failure instanceof ApiException api
                            && api.type() == ProblemType.VALIDATION_FAILED
                            && api.fieldError("reason").isPresent()) {
                        reasonRequired.set(true);
                        activity.fail(
                                why.isEmpty()
                                        ? REASON_REQUIRED
                                        : api.fieldError("reason").get());
                        return;
                    }
                    activity.fail(failure);
                });
    }

    /** Masks {@code field} at once. */
    public void hide(SecretField field) {
        field.hide();
    }

    /** Masks what is due and clears the clipboard when its time is up; stops ticking when nothing is left. */
    public void tick() {
        boolean shown = false;
        for (SecretField field : secretFields) {
            shown |= field.tick(clock.instant());
        }
        boolean waiting = clipboard.tick();
        if (!waiting && COPIED.equals(notice.get())) {
            notice.set("");
        }
        if (!shown && !waiting && ticking != null) {
            ticking.unsubscribe();
            ticking = null;
        }
    }

    private void startTicking() {
        if (ticking == null) {
            ticking = runner.every(TICK, this::tick);
        }
    }

    private void hideAll() {
        secretFields.forEach(SecretField::hide);
    }

    /**
     * The console is locking: masks every revealed value and empties the clipboard if it still holds a value copied
     * here.
     */
    public void lock() {
        hideAll();
        clipboard.clearIfOurs();
        if (ticking != null) {
            ticking.unsubscribe();
            ticking = null;
        }
        notice.set("");
    }

    /** Leaves the page for good (sign-out, lock): nothing revealed stays in memory or on the clipboard. */
    @Override
    public void close() {
        lock();
    }

    // --- changes

    /** The form that creates an entry; it is selected once saved. */
    public VaultEntryFormViewModel newEntryForm() {
        return new VaultEntryFormViewModel(runner, connection, null, groupsView, saved -> {
            notice.set(saved.name() + " was added to the vault.");
            if (mode.get() != Mode.ENTRIES) {
                mode.set(Mode.ENTRIES);
            }
            refreshList();
            open(saved.id());
        });
    }

    /** The form that edits the selected entry. */
    public VaultEntryFormViewModel editForm() {
        VaultEntry entry = Objects.requireNonNull(selected.get());
        return new VaultEntryFormViewModel(runner, connection, entry, groupsView, saved -> {
            notice.set(saved.name() + " was saved.");
            refreshList();
            open(saved.id());
        });
    }

    /** Moves the selected entry to the trash. */
    public void deleteSelected() {
        VaultEntry entry = selected.get();
        if (entry == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().vault().delete(entry.id());
                    return entry;
                },
                deleted -> {
                    entries.removeIf(e -> e.id().equals(deleted.id()));
                    showEntry(null);
                    notice.set(deleted.name() + " was moved to the trash. You can restore it for 30 days.");
                });
    }

    /** Takes the selected entry out of the trash. */
    public void restoreSelected() {
        VaultEntry entry = selected.get();
        if (entry == null) {
            return;
        }
        activity.run(() -> connection.client().vault().restore(entry.id()), restored -> {
            entries.removeIf(e -> e.id().equals(restored.id()));
            showEntry(null);
            notice.set(restored.name() + " was restored from the trash.");
        });
    }

    /** The question the destroy confirmation asks. */
    public String destroyQuestion() {
        VaultEntry entry = Objects.requireNonNull(selected.get());
        return "Destroy " + entry.name() + " for good? Its secret, notes and every kept version are erased. "
                + "This cannot be undone.";
    }

    /** Destroys the selected entry and every value it held. */
    public void destroySelected() {
        VaultEntry entry = selected.get();
        if (entry == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().vault().destroy(entry.id());
                    return entry;
                },
                destroyed -> {
                    entries.removeIf(e -> e.id().equals(destroyed.id()));
                    showEntry(null);
                    notice.set(destroyed.name() + " was destroyed.");
                });
    }

    /** The question the restore-version confirmation asks. */
    public String restoreVersionQuestion(SecretVersion version) {
        return "Make version " + version.version() + " (set " + Formats.dateTime(version.changedAt())
                + ") the current value again? The current value is kept as a version.";
    }

    /** Makes a kept value current again, as a new version. */
    public void restoreVersion(SecretVersion version) {
        VaultEntry entry = selected.get();
        if (entry == null || version == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().vault().restoreVersion(entry.id(), version.version(), entry.version());
                    return loadEntry(entry.id());
                },
                loaded -> {
                    showEntry(loaded);
                    notice.set("Version " + version.version() + " is the current value again.");
                },
                this::failChange);
    }

    // --- sharing

    private void resetSharing() {
        VaultEntry entry = selected.get();
        sharing.setAll(entry == null ? List.of() : rows(entry.sharing(), groupsView));
        sharingChanged.set(false);
    }

    static List<ShareRow> rows(List<VaultShare> shares, List<Group> known) {
        Map<UUID, String> names = known.stream().collect(Collectors.toMap(Group::id, Group::name, (a, b) -> a));
        List<ShareRow> rows = new ArrayList<>();
        for (VaultShare share : shares) {
            rows.add(new ShareRow(
                    share.groupId(), names.getOrDefault(share.groupId(), "Group " + share.groupId()), share.access()));
        }
        return rows;
    }

    /** Adds {@code group} to the selected entry's sharing (saved with {@link #saveSharing()}). */
    public void share(Group group, AccessLevel access) {
        if (group == null) {
            activity.fail("Choose a group first.");
            return;
        }
        if (sharing.stream().anyMatch(row -> row.groupId().equals(group.id()))) {
            activity.fail(group.name() + " is in the list already.");
            return;
        }
        sharing.add(new ShareRow(group.id(), group.name(), access));
        sharingChanged.set(true);
    }

    /** Removes {@code row} from the selected entry's sharing (saved with {@link #saveSharing()}). */
    public void unshare(ShareRow row) {
        if (row != null && sharing.remove(row)) {
            sharingChanged.set(true);
        }
    }

    /** Sets a listed group's level (saved with {@link #saveSharing()}). */
    public void changeAccess(ShareRow row, AccessLevel access) {
        if (row != null && row.accessProperty().get() != access) {
            row.accessProperty().set(access);
            sharingChanged.set(true);
        }
    }

    /** Sets the sharing list back to what the server holds. */
    public void revertSharing() {
        resetSharing();
    }

    /** Saves the sharing list of the selected entry, leaving every other field as it is. */
    public void saveSharing() {
        VaultEntry entry = selected.get();
        if (entry == null) {
            return;
        }
        List<VaultShare> shares = sharing.stream().map(ShareRow::toShare).toList();
        activity.run(
                () -> {
                    connection.client().vault().update(entry.id(), unchanged(entry, shares));
                    return loadEntry(entry.id());
                },
                loaded -> {
                    showEntry(loaded);
                    notice.set("The sharing of " + loaded.entry().name() + " was saved.");
                },
                this::failChange);
    }

    /** An update that keeps every field of {@code entry} (secrets untouched) and sets {@code shares}. */
    static UpdateVaultEntryRequest unchanged(VaultEntry entry, List<VaultShare> shares) {
        List<CustomFieldInput> fields = entry.customFields().stream()
                .map(f -> f.secret()
                        ? new CustomFieldInput(f.name(), true, null)
                        : CustomFieldInput.plain(f.name(), f.value()))
                .toList();
        return new UpdateVaultEntryRequest(
                entry.version(),
                entry.name(),
                entry.kind(),
                entry.username(),
                entry.url(),
                null,
                null,
                entry.tags(),
                fields,
                entry.expiresOn(),
                shares);
    }

    private void failChange(RuntimeException failure) {
        if (failure instanceof ApiException api && api.type() == ProblemType.CONFLICT) {
            VaultEntry entry = selected.get();
            activity.fail(VaultEntryFormViewModel.STALE);
            if (entry != null) {
                runner.run(() -> loadEntry(entry.id()), this::showEntry, activity::fail);
            }
            return;
        }
        if (failure instanceof ApiException api && api.fieldError("sharing").isPresent()) {
            activity.fail(api.fieldError("sharing").get());
            return;
        }
        activity.fail(failure);
    }

    private boolean mayWrite() {
        return mine.get().levelOf(Module.VAULT).includes(AccessLevel.WRITE);
    }

    // --- properties

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode.getReadOnlyProperty();
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** The kind the list is limited to, or {@code null} for every kind. */
    public ObjectProperty<EntryKind> kindFilterProperty() {
        return kindFilter;
    }

    public ObservableList<VaultEntrySummary> entries() {
        return entriesView;
    }

    public ReadOnlyObjectProperty<VaultEntry> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected entry's encrypted fields: secret, notes and secret custom fields. */
    public ObservableList<SecretField> secretFields() {
        return secretFieldsView;
    }

    /** The selected entry's kept secret values, newest first. */
    public ObservableList<SecretVersion> versions() {
        return versionsView;
    }

    /** The selected entry's sharing as edited. */
    public ObservableList<ShareRow> sharing() {
        return sharingView;
    }

    /** Whether the sharing list differs from what the server holds. */
    public ReadOnlyBooleanProperty sharingChangedProperty() {
        return sharingChanged.getReadOnlyProperty();
    }

    /** The groups one may share with. */
    public ObservableList<Group> groups() {
        return groupsView;
    }

    public ReadOnlyObjectProperty<VaultHealth> healthProperty() {
        return health.getReadOnlyProperty();
    }

    public ObservableList<HealthItem> healthItems() {
        return healthItemsView;
    }

    /** Why the next reveal or copy is asked for; required when the server says so. */
    public StringProperty reasonProperty() {
        return reason;
    }

    /** Whether the server asked for a reason on every reveal. */
    public ReadOnlyBooleanProperty reasonRequiredProperty() {
        return reasonRequired.getReadOnlyProperty();
    }

    /** Why "Add entry" is unavailable, or empty. */
    public StringBinding createBlockedProperty() {
        return createBlocked;
    }

    /** Why the selected entry cannot be edited (or its sharing and versions changed), or empty. */
    public StringBinding changeBlockedProperty() {
        return changeBlocked;
    }

    /** Why the selected entry cannot be moved to the trash, restored or destroyed, or empty. */
    public StringBinding trashBlockedProperty() {
        return trashBlocked;
    }

    /** How many entries the list shows, and whether a search is needed to see the rest. */
    public ReadOnlyStringProperty listNoteProperty() {
        return listNote.getReadOnlyProperty();
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
