package dev.bulwark.desktop.groups;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.UpdateGroupRequest;
import dev.bulwark.model.problem.ApiException;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The form that creates a group or renames one and changes its description. */
public final class GroupFormViewModel {
    static final String ENTER_NAME = "Enter a name for the group.";

    private final ServerConnection connection;
    private final Activity activity;
    private final Group editing;
    private final Consumer<Group> onSaved;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty description = new SimpleStringProperty(this, "description", "");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper(this, "nameError", "");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);

    /** @param editing the group as read, or {@code null} for a new group */
    GroupFormViewModel(BackgroundRunner runner, ServerConnection connection, Group editing, Consumer<Group> onSaved) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.editing = editing;
        this.onSaved = onSaved;
        if (editing != null) {
            name.set(editing.name());
            description.set(editing.description() == null ? "" : editing.description());
        }
        name.addListener((observable, old, now) -> nameError.set(""));
    }

    public boolean isNew() {
        return editing == null;
    }

    /** Checks the name, then creates or updates the group; {@link #doneProperty()} turns true on success. */
    public void save() {
        nameError.set(FieldChecks.required(name.get(), ENTER_NAME).orElse(""));
        if (!nameError.get().isEmpty()) {
            activity.fail("Check the highlighted fields.");
            return;
        }
        String trimmed = name.get().strip();
        String text = description.get() == null ? "" : description.get().strip();
        activity.run(
                () -> isNew()
                        ? connection.client().groups().create(new CreateGroupRequest(trimmed, text))
                        : connection
                                .client()
                                .groups()
                                .update(editing.id(), new UpdateGroupRequest(editing.version(), trimmed, text)),
                saved -> {
                    done.set(true);
                    onSaved.accept(saved);
                },
                failure -> {
                    if (failure instanceof ApiException api) {
                        api.fieldError("name").ifPresent(nameError::set);
                    }
                    activity.fail(failure);
                });
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
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
