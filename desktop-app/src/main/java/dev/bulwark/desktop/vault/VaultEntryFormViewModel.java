package dev.bulwark.desktop.vault;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.PasswordFeedback;
import dev.bulwark.model.Secret;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.FieldError;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.CustomField;
import dev.bulwark.model.vault.CustomFieldInput;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.PasswordGenerator;
import dev.bulwark.model.vault.PasswordGenerator.PassphraseOptions;
import dev.bulwark.model.vault.PasswordGenerator.PasswordOptions;
import dev.bulwark.model.vault.UpdateVaultEntryRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultShare;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The form that creates a vault entry or edits one: every field of the entry, the built-in generator and the
 * strength meter. An edit sends the version it read; when someone else saved in between, the form says so and
 * reloads the entry.
 */
public final class VaultEntryFormViewModel {
    static final String ENTER_NAME = "Enter a name for the entry.";
    static final String STALE =
            "Someone else changed this entry while you were editing it. It was reloaded: check it and save again.";
    private static final Set<String> SHOWN_FIELDS = Set.of("name", "secret", "expiresOn", "sharing", "url");

    /** What the generator makes. */
    public enum Generate {
        PASSWORD,
        PASSPHRASE
    }

    private final ServerConnection connection;
    private final Activity activity;
    private final PasswordGenerator generator = new PasswordGenerator();
    private final PasswordFeedback feedback;
    private final Consumer<VaultEntry> onSaved;
    private final ObservableList<Group> groups;
    private VaultEntry editing;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObjectProperty<EntryKind> kind = new SimpleObjectProperty<>(this, "kind", EntryKind.PASSWORD);
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty url = new SimpleStringProperty(this, "url", "");
    private final StringProperty secret = new SimpleStringProperty(this, "secret", "");
    private final StringProperty notes = new SimpleStringProperty(this, "notes", "");
    private final BooleanProperty removeNotes = new SimpleBooleanProperty(this, "removeNotes", false);
    private final StringProperty tags = new SimpleStringProperty(this, "tags", "");
    private final ObjectProperty<LocalDate> expiresOn = new SimpleObjectProperty<>(this, "expiresOn");
    private final ObservableList<CustomFieldRow> customFields = FXCollections.observableArrayList();
    private final ObservableList<ShareRow> sharing = FXCollections.observableArrayList();

    private final ObjectProperty<Generate> generate = new SimpleObjectProperty<>(this, "generate", Generate.PASSWORD);
    private final IntegerProperty length = new SimpleIntegerProperty(this, "length", 20);
    private final BooleanProperty lower = new SimpleBooleanProperty(this, "lower", true);
    private final BooleanProperty upper = new SimpleBooleanProperty(this, "upper", true);
    private final BooleanProperty digits = new SimpleBooleanProperty(this, "digits", true);
    private final BooleanProperty symbols = new SimpleBooleanProperty(this, "symbols", true);
    private final BooleanProperty excludeLookAlikes = new SimpleBooleanProperty(this, "excludeLookAlikes", true);
    private final IntegerProperty words = new SimpleIntegerProperty(this, "words", 6);
    private final StringProperty separator = new SimpleStringProperty(this, "separator", "-");
    private final StringBinding generatorSummary;

    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper(this, "nameError", "");
    private final ReadOnlyStringWrapper secretError = new ReadOnlyStringWrapper(this, "secretError", "");
    private final ReadOnlyStringWrapper expiresOnError = new ReadOnlyStringWrapper(this, "expiresOnError", "");
    private final ReadOnlyStringWrapper sharingError = new ReadOnlyStringWrapper(this, "sharingError", "");
    private final ReadOnlyStringWrapper urlError = new ReadOnlyStringWrapper(this, "urlError", "");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);
    private final ReadOnlyBooleanWrapper isNew = new ReadOnlyBooleanWrapper(this, "isNew");

    /**
     * @param editing the entry as read, or {@code null} for a new entry
     * @param groups the groups the sharing picker offers
     */
    VaultEntryFormViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            VaultEntry editing,
            ObservableList<Group> groups,
            Consumer<VaultEntry> onSaved) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.feedback = new PasswordFeedback(runner, connection::client);
        this.groups = groups;
        this.onSaved = onSaved;
        isNew.set(editing == null);
        fill(editing);
        name.addListener((observable, old, now) -> nameError.set(""));
        secret.addListener((observable, old, now) -> secretError.set(""));
        expiresOn.addListener((observable, old, now) -> expiresOnError.set(""));
        url.addListener((observable, old, now) -> urlError.set(""));
        sharing.addListener((javafx.collections.ListChangeListener<ShareRow>) change -> sharingError.set(""));
        generatorSummary = Bindings.createStringBinding(
                this::describeGenerator,
                generate,
                length,
                lower,
                upper,
                digits,
                symbols,
                excludeLookAlikes,
                words,
                separator);
    }

    private void fill(VaultEntry entry) {
        editing = entry;
        secret.set("");
        notes.set("");
        removeNotes.set(false);
        if (entry == null) {
            return;
        }
        name.set(entry.name());
        kind.set(entry.kind());
        username.set(entry.username() == null ? "" : entry.username());
        url.set(entry.url() == null ? "" : entry.url());
        tags.set(String.join(", ", entry.tags()));
        expiresOn.set(entry.expiresOn());
        List<CustomFieldRow> rows = new ArrayList<>();
        for (CustomField field : entry.customFields()) {
            rows.add(new CustomFieldRow(
                    field.name(), field.secret() ? "" : field.value(), field.secret(), field.secret()));
        }
        customFields.setAll(rows);
        sharing.setAll(VaultViewModel.rows(entry.sharing(), groups));
    }

    public boolean isNew() {
        return isNew.get();
    }

    /** Whether the entry already holds a secret, kept while the secret field is left empty. */
    public boolean hasStoredSecret() {
        return editing != null && editing.hasSecret();
    }

    /** Whether the entry already holds notes, kept while the notes field is left empty. */
    public boolean hasStoredNotes() {
        return editing != null && editing.hasNotes();
    }

    // --- generator

    /** Puts a new password or passphrase in the secret field, with the options chosen. */
    public void generate() {
        try {
            Secret made = generate.get() == Generate.PASSWORD
                    ? generator.password(passwordOptions())
                    : generator.passphrase(passphraseOptions());
            secret.set(made.reveal());
            activity.clearProblem();
        } catch (IllegalArgumentException e) {
            activity.fail(e.getMessage());
        }
    }

    private PasswordOptions passwordOptions() {
        return new PasswordOptions(
                length.get(), lower.get(), upper.get(), digits.get(), symbols.get(), excludeLookAlikes.get());
    }

    private PassphraseOptions passphraseOptions() {
        return new PassphraseOptions(words.get(), separator.get() == null ? "" : separator.get(), false, false);
    }

    private String describeGenerator() {
        try {
            double bits = generate.get() == Generate.PASSWORD
                    ? PasswordGenerator.entropyBits(passwordOptions())
                    : PasswordGenerator.entropyBits(passphraseOptions());
            return "About " + Math.round(bits) + " bits of randomness.";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    // --- lists

    /** Adds an empty custom field. */
    public CustomFieldRow addCustomField() {
        CustomFieldRow row = new CustomFieldRow("", "", false, false);
        customFields.add(row);
        return row;
    }

    public void removeCustomField(CustomFieldRow row) {
        customFields.remove(row);
    }

    /** Shares the entry with {@code group} at {@code access}. */
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
    }

    public void unshare(ShareRow row) {
        sharing.remove(row);
    }

    // --- save

    /** Checks the form, then creates or updates the entry; {@link #doneProperty()} turns true on success. */
    public void save() {
        nameError.set(FieldChecks.required(name.get(), ENTER_NAME).orElse(""));
        if (!nameError.get().isEmpty()) {
            activity.fail("Check the highlighted fields.");
            return;
        }
        List<String> tagList = Arrays.stream((tags.get() == null ? "" : tags.get()).split(","))
                .map(String::strip)
                .filter(tag -> !tag.isEmpty())
                .toList();
        List<CustomFieldInput> fields = new ArrayList<>();
        for (CustomFieldRow row : customFields) {
            String value =
                    row.valueProperty().get() == null ? "" : row.valueProperty().get();
            if (row.secretProperty().get()) {
                boolean keep = value.isEmpty() && row.storedSecret();
                fields.add(new CustomFieldInput(row.nameProperty().get(), true, keep ? null : Secret.of(value)));
            } else {
                fields.add(CustomFieldInput.plain(row.nameProperty().get(), value));
            }
        }
        List<VaultShare> shares = sharing.stream().map(ShareRow::toShare).toList();
        String typedSecret = secret.get() == null ? "" : secret.get();
        String typedNotes = notes.get() == null ? "" : notes.get();
        // Empty notes keep the stored ones; an empty value sent on purpose removes them.
        Secret newNotes = !typedNotes.isEmpty() ? Secret.of(typedNotes) : removeNotes.get() ? Secret.of("") : null;
        VaultEntry before = editing;
        activity.run(
                () -> {
                    if (before == null) {
                        return connection
                                .client()
                                .vault()
                                .create(new CreateVaultEntryRequest(
                                        name.get().strip(),
                                        kind.get(),
                                        blankToNull(username.get()),
                                        blankToNull(url.get()),
                                        typedSecret.isEmpty() ? null : Secret.of(typedSecret),
                                        newNotes,
                                        tagList,
                                        fields,
                                        expiresOn.get(),
                                        shares));
                    }
                    return connection
                            .client()
                            .vault()
                            .update(
                                    before.id(),
                                    new UpdateVaultEntryRequest(
                                            before.version(),
                                            name.get().strip(),
                                            kind.get(),
                                            blankToNull(username.get()),
                                            blankToNull(url.get()),
                                            typedSecret.isEmpty() ? null : Secret.of(typedSecret),
                                            newNotes,
                                            tagList,
                                            fields,
                                            expiresOn.get(),
                                            shares));
                },
                saved -> {
                    secret.set("");
                    notes.set("");
                    feedback.clear();
                    done.set(true);
                    onSaved.accept(saved);
                },
                this::failed);
    }

    private void failed(RuntimeException failure) {
        if (failure instanceof ApiException api && api.type() == ProblemType.CONFLICT && editing != null) {
            reload();
            return;
        }
        if (failure instanceof ApiException api && api.type() == ProblemType.VALIDATION_FAILED) {
            api.fieldError("name").ifPresent(nameError::set);
            api.fieldError("secret").ifPresent(secretError::set);
            api.fieldError("expiresOn").ifPresent(expiresOnError::set);
            api.fieldError("url").ifPresent(urlError::set);
            api.fieldErrors().stream()
                    .filter(e -> e.field().startsWith("sharing"))
                    .findFirst()
                    .ifPresent(e -> sharingError.set(e.message()));
            List<FieldError> others = api.fieldErrors().stream()
                    .filter(e -> !SHOWN_FIELDS.contains(e.field().replaceAll("\\[.*$", "")))
                    .toList();
            if (!others.isEmpty()) {
                activity.fail(others.getFirst().message());
                return;
            }
        }
        activity.fail(failure);
    }

    /** After a 409: reads the entry as it is now into the form and says why. */
    private void reload() {
        activity.run(() -> connection.client().vault().get(editing.id()), fresh -> {
            fill(fresh);
            activity.fail(STALE);
        });
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    // --- properties

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<EntryKind> kindProperty() {
        return kind;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty urlProperty() {
        return url;
    }

    /** The new secret; empty keeps the stored one when editing. */
    public StringProperty secretProperty() {
        return secret;
    }

    /** New notes; empty keeps the stored ones when editing. */
    public StringProperty notesProperty() {
        return notes;
    }

    /** Whether saving removes the stored notes (when no new notes are typed). */
    public BooleanProperty removeNotesProperty() {
        return removeNotes;
    }

    /** Tags separated by commas. */
    public StringProperty tagsProperty() {
        return tags;
    }

    public ObjectProperty<LocalDate> expiresOnProperty() {
        return expiresOn;
    }

    public ObservableList<CustomFieldRow> customFields() {
        return customFields;
    }

    public ObservableList<ShareRow> sharing() {
        return sharing;
    }

    public ObservableList<Group> groups() {
        return groups;
    }

    public ObjectProperty<Generate> generateProperty() {
        return generate;
    }

    public IntegerProperty lengthProperty() {
        return length;
    }

    public BooleanProperty lowerProperty() {
        return lower;
    }

    public BooleanProperty upperProperty() {
        return upper;
    }

    public BooleanProperty digitsProperty() {
        return digits;
    }

    public BooleanProperty symbolsProperty() {
        return symbols;
    }

    public BooleanProperty excludeLookAlikesProperty() {
        return excludeLookAlikes;
    }

    public IntegerProperty wordsProperty() {
        return words;
    }

    public StringProperty separatorProperty() {
        return separator;
    }

    /** How strong the generator's output is with the options chosen, or why the options do not work. */
    public StringBinding generatorSummaryProperty() {
        return generatorSummary;
    }

    /** The strength meter's feedback on the secret typed or generated. */
    public PasswordFeedback feedback() {
        return feedback;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty secretErrorProperty() {
        return secretError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty expiresOnErrorProperty() {
        return expiresOnError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty urlErrorProperty() {
        return urlError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sharingErrorProperty() {
        return sharingError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
