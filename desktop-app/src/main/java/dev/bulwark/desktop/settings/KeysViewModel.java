package dev.bulwark.desktop.settings;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.User;
import dev.bulwark.model.vault.KeyUsage;
import dev.bulwark.model.vault.RotationStatus;
import java.time.Duration;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * The Keys tab of Settings: the vault's data keys with the number of values each one encrypts, and starting a
 * rotation. While a rotation runs the status is asked for again every {@link #REFRESH}, so the progress moves.
 */
public final class KeysViewModel implements AutoCloseable {
    static final Duration REFRESH = Duration.ofSeconds(2);
    static final String ADMIN_ONLY = "Only administrators can rotate the vault's keys.";
    static final String ROTATION_RUNNING = "A rotation is under way; wait until it has finished.";
    static final String NOT_LOADED = "The key status has not been read yet.";

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final User me;
    private final Activity activity;
    private final ReadOnlyObjectWrapper<RotationStatus> status = new ReadOnlyObjectWrapper<>(this, "status");
    private final ObservableList<KeyUsage> keys = FXCollections.observableArrayList();
    private final ObservableList<KeyUsage> keysView = FXCollections.unmodifiableObservableList(keys);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyObjectWrapper<EffectivePermissions> mine =
            new ReadOnlyObjectWrapper<>(this, "mine", new EffectivePermissions(null, null, List.of()));
    private final StringBinding rotateBlocked;
    private Subscription refreshing;

    public KeysViewModel(BackgroundRunner runner, ServerConnection connection, User me) {
        this.runner = runner;
        this.connection = connection;
        this.me = me;
        this.activity = new Activity(runner);
        rotateBlocked = Bindings.createStringBinding(
                () -> {
                    if (!mine.get().levelOf(Module.SETTINGS).includes(AccessLevel.WRITE)) {
                        return ADMIN_ONLY;
                    }
                    if (status.get() == null) {
                        return NOT_LOADED;
                    }
                    return running.get() ? ROTATION_RUNNING : "";
                },
                mine,
                status,
                running);
    }

    /** Reads what the signed-in user may do and the key status. */
    public void reload() {
        runner.run(() -> connection.client().users().effectivePermissions(me.id()), mine::set, activity::fail);
        refresh();
    }

    /** Asks the server for the key status once. */
    public void refresh() {
        runner.run(() -> connection.client().vault().rotationStatus(), this::show, failure -> {
            stopRefreshing();
            activity.fail(failure);
        });
    }

    /** Adds a new primary data key; the server re-encrypts every value under it in the background. */
    public void rotate() {
        activity.run(() -> connection.client().vault().rotate(), now -> {
            notice.set("A new data key was added. Values are re-encrypted with it in the background.");
            show(now);
        });
    }

    private void show(RotationStatus now) {
        status.set(now);
        keys.setAll(now.keys());
        long total = now.keys().stream().mapToLong(KeyUsage::values).sum();
        long underPrimary = now.keys().stream()
                .filter(key -> key.keyId() == now.primaryKeyId())
                .mapToLong(KeyUsage::values)
                .sum();
        boolean busy = now.running() || now.remaining() > 0;
        running.set(busy);
        progress.set(total == 0 ? 1 : (double) underPrimary / total);
        summary.set(
                busy
                        ? "Re-encrypting: " + now.remaining() + " of " + total + " values still under an older key."
                        : total == 1
                                ? "Every value (1) is encrypted with the primary key."
                                : "Every value (" + total + ") is encrypted with the primary key.");
        if (busy && refreshing == null) {
            refreshing = runner.every(REFRESH, this::refresh);
        } else if (!busy) {
            if (refreshing != null) {
                notice.set("The rotation has finished; older keys are disabled.");
            }
            stopRefreshing();
        }
    }

    private void stopRefreshing() {
        if (refreshing != null) {
            refreshing.unsubscribe();
            refreshing = null;
        }
    }

    /** Stops asking for the status; the tab is no longer on screen. */
    @Override
    public void close() {
        stopRefreshing();
    }

    public ReadOnlyObjectProperty<RotationStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** One row per data key: its id, state and how many values it encrypts. */
    public ObservableList<KeyUsage> keys() {
        return keysView;
    }

    /** The share of values under the primary key, from 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** One sentence on where the rotation stands. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Whether values remain under an older key. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Why "Rotate data key" is unavailable, or empty. */
    public StringBinding rotateBlockedProperty() {
        return rotateBlocked;
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
