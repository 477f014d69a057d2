package dev.bulwark.desktop.settings;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Problems;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.backup.BackupOverview;
import dev.bulwark.model.backup.RestoreTestResult;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * The Backups tab of Settings: the server's encrypted backups with their restore tests, "Back up now" and "Test
 * restore" (with the time they have been running, and a cancel that stops waiting), the schedule and retention, and
 * where the master key is.
 *
 * <p>A backup or restore test is one call the server finishes whatever the console does: cancel stops waiting for
 * its answer and says so; the list shows the outcome when it is read again.
 */
public final class BackupsViewModel implements AutoCloseable {
    static final String ADMIN_ONLY = "Only administrators can make and test backups.";
    static final String RUNNING = "Wait until the running backup or restore test has finished.";
    static final String SELECT_ONE = "Select a backup to test.";
    static final String FILE_MISSING = "The file of this backup is no longer in the backup directory.";

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final User me;
    private final Clock clock;
    private final ObservableList<Backup> backups = FXCollections.observableArrayList();
    private final ObservableList<Backup> backupsView = FXCollections.unmodifiableObservableList(backups);
    private final ObjectProperty<Backup> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper schedule = new ReadOnlyStringWrapper(this, "schedule", "");
    private final ReadOnlyStringWrapper retention = new ReadOnlyStringWrapper(this, "retention", "");
    private final ReadOnlyStringWrapper directory = new ReadOnlyStringWrapper(this, "directory", "");
    private final ReadOnlyStringWrapper masterKeyNote = new ReadOnlyStringWrapper(this, "masterKeyNote", "");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final StringBinding backUpBlocked;
    private final StringBinding testBlocked;
    private long generation;
    private Subscription ticking;

    public BackupsViewModel(BackgroundRunner runner, ServerConnection connection, User me, Clock clock) {
        this.runner = runner;
        this.connection = connection;
        this.me = me;
        this.clock = clock;
        backUpBlocked = Bindings.createStringBinding(
                () -> me.role() != Role.ADMIN ? ADMIN_ONLY : running.get() ? RUNNING : "", running);
        testBlocked = Bindings.createStringBinding(
                () -> me.role() != Role.ADMIN
                        ? ADMIN_ONLY
                        : running.get()
                                ? RUNNING
                                : selected.get() == null
                                        ? SELECT_ONE
                                        : selected.get().fileMissing() ? FILE_MISSING : "",
                running,
                selected);
    }

    /** Reads the backups, schedule and retention. */
    public void reload() {
        if (me.role() != Role.ADMIN) {
            masterKeyNote.set("Backups are managed by administrators.");
            return;
        }
        runner.run(
                () -> connection.client().backups().list(),
                this::show,
                failure -> problem.set(Problems.describe(failure)));
    }

    /** Backs the server up now. */
    public void backUpNow() {
        if (!backUpBlocked.get().isEmpty()) {
            return;
        }
        start("Backing up", () -> connection.client().backups().create(), made -> {
            notice.set("Backup made: " + made.fileName() + " (" + size(made.sizeBytes()) + ").");
            reload();
        });
    }

    /** Restores the selected backup into a scratch copy on the server, checks it and deletes the copy. */
    public void testRestore() {
        Backup backup = selected.get();
        if (!testBlocked.get().isEmpty() || backup == null) {
            return;
        }
        start(
                "Testing the restore of " + backup.fileName(),
                () -> connection.client().backups().restoreTest(backup.id()),
                result -> {
                    if (result.passed()) {
                        notice.set("Restore test passed. " + result.detail());
                    } else {
                        problem.set("Restore test failed: " + result.detail());
                    }
                    reload();
                });
    }

    /** Stops waiting for the running backup or restore test; the server still finishes it. */
    public void cancel() {
        if (!running.get()) {
            return;
        }
        generation++;
        finish();
        notice.set("Stopped waiting. The server finishes what it started; its result appears in the list when it is"
                + " read again.");
    }

    private <T> void start(String what, Supplier<T> work, java.util.function.Consumer<T> done) {
        long mine = ++generation;
        Instant started = clock.instant();
        running.set(true);
        notice.set("");
        problem.set("");
        progress.set(what + "…");
        ticking = runner.every(
                Duration.ofSeconds(1),
                () -> progress.set(
                        what + "… " + Duration.between(started, clock.instant()).toSeconds() + " s"));
        runner.run(
                work,
                result -> {
                    if (mine == generation) {
                        finish();
                        done.accept(result);
                    }
                },
                failure -> {
                    if (mine == generation) {
                        finish();
                        problem.set(Problems.describe(failure));
                    }
                });
    }

    private void finish() {
        running.set(false);
        progress.set("");
        if (ticking != null) {
            ticking.unsubscribe();
            ticking = null;
        }
    }

    private void show(BackupOverview overview) {
        Backup was = selected.get();
        backups.setAll(overview.backups());
        selected.set(
                was == null
                        ? null
                        : backups.stream()
                                .filter(b -> b.id().equals(was.id()))
                                .findFirst()
                                .orElse(null));
        schedule.set("Schedule: " + overview.schedule() + ".");
        retention.set(overview.retention());
        directory.set("Backups are written to " + overview.directory() + ", encrypted and readable by the server's"
                + " account only.");
        masterKeyNote.set(overview.masterKeyNote());
    }

    /** Times as the list shows them, in this computer's time zone. */
    static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault());

    static String count(long n, String noun) {
        return n + " "
                + (n == 1 ? noun : noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    /** A size in words: 12.3 MB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(java.util.Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }

    /** A backup's restore test in a few words, for the list. */
    static String testText(Backup backup) {
        return backup.fileMissing() ? "File missing from the backup directory" : testText(backup.restoreTest());
    }

    static String testText(RestoreTestResult test) {
        if (test == null) {
            return "Not tested";
        }
        return (test.passed() ? "Passed" : "FAILED") + " on " + TIME.format(test.testedAt())
                + (test.passed()
                        ? " (" + count(test.users(), "user") + ", " + count(test.vaultEntries(), "vault entry") + ", "
                                + count(test.auditRecords(), "audit record") + ")"
                        : ": " + test.detail());
    }

    @Override
    public void close() {
        finish();
    }

    public ObservableList<Backup> backups() {
        return backupsView;
    }

    /** The backup "Test restore" applies to. */
    public ObjectProperty<Backup> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty scheduleProperty() {
        return schedule.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty retentionProperty() {
        return retention.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty directoryProperty() {
        return directory.getReadOnlyProperty();
    }

    /** Where the master key is, and that it must be kept apart from the backups. */
    public ReadOnlyStringProperty masterKeyNoteProperty() {
        return masterKeyNote.getReadOnlyProperty();
    }

    /** What is running and for how long, or empty. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public StringBinding backUpBlockedProperty() {
        return backUpBlocked;
    }

    public StringBinding testBlockedProperty() {
        return testBlocked;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
