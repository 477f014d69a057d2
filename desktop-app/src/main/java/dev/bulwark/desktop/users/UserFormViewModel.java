package dev.bulwark.desktop.users;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.PasswordFeedback;
import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.UserDetails;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The form that creates a user or edits one: email, display name, role and, for a new user, a first password
 * they must change at their first sign-in. Checks the fields before sending and shows the server's field errors
 * next to the fields.
 */
public final class UserFormViewModel {
    static final String ENTER_NAME = "Enter a display name.";

    private final ServerConnection connection;
    private final Activity activity;
    private final PasswordFeedback passwordFeedback;
    private final UserDetails editing;
    private final boolean roleEditable;
    private final Consumer<UserDetails> onSaved;

    private final StringProperty email = new SimpleStringProperty(this, "email", "");
    private final StringProperty displayName = new SimpleStringProperty(this, "displayName", "");
    private final ObjectProperty<Role> role = new SimpleObjectProperty<>(this, "role", Role.USER);
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final ReadOnlyStringWrapper emailError = new ReadOnlyStringWrapper(this, "emailError", "");
    private final ReadOnlyStringWrapper displayNameError = new ReadOnlyStringWrapper(this, "displayNameError", "");
    private final ReadOnlyStringWrapper passwordError = new ReadOnlyStringWrapper(this, "passwordError", "");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);

    private UserFormViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            UserDetails editing,
            boolean roleEditable,
            Consumer<UserDetails> onSaved) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.passwordFeedback = new PasswordFeedback(runner, connection::client);
        this.editing = editing;
        this.roleEditable = roleEditable;
        this.onSaved = onSaved;
        email.addListener((observable, old, now) -> emailError.set(""));
        displayName.addListener((observable, old, now) -> displayNameError.set(""));
        password.addListener((observable, old, now) -> passwordError.set(""));
    }

    /** A form for a new user; {@code roleEditable} is whether the signed-in user may choose a role. */
    public static UserFormViewModel forNew(
            BackgroundRunner runner, ServerConnection connection, boolean roleEditable, Consumer<UserDetails> onSaved) {
        return new UserFormViewModel(runner, connection, null, roleEditable, onSaved);
    }

    /** A form showing {@code user} as read; the change is sent with the version read. */
    public static UserFormViewModel forExisting(
            BackgroundRunner runner,
            ServerConnection connection,
            UserDetails user,
            boolean roleEditable,
            Consumer<UserDetails> onSaved) {
        UserFormViewModel form = new UserFormViewModel(runner, connection, user, roleEditable, onSaved);
        form.email.set(user.user().email());
        form.displayName.set(user.user().displayName());
        form.role.set(user.user().role());
        return form;
    }

    /** Live feedback on a new user's first password as it is typed. */
    public PasswordFeedback passwordFeedback() {
        return passwordFeedback;
    }

    /** Whether the form creates a user (and so asks for a password). */
    public boolean isNew() {
        return editing == null;
    }

    /** Whether the role can be chosen: only administrators change roles. */
    public boolean isRoleEditable() {
        return roleEditable;
    }

    /** Checks the fields, then creates or updates the user; {@link #doneProperty()} turns true on success. */
    public void save() {
        emailError.set(FieldChecks.email(email.get()).orElse(""));
        displayNameError.set(FieldChecks.required(displayName.get(), ENTER_NAME).orElse(""));
        passwordError.set(isNew() ? FieldChecks.newPassword(password.get()).orElse("") : "");
        if (!emailError.get().isEmpty()
                || !displayNameError.get().isEmpty()
                || !passwordError.get().isEmpty()) {
            activity.fail("Check the highlighted fields.");
            return;
        }
        String trimmedEmail = email.get().strip();
        String trimmedName = displayName.get().strip();
        if (isNew()) {
            CreateUserRequest request = new CreateUserRequest(
                    trimmedEmail, trimmedName, roleEditable ? role.get() : Role.USER, Secret.of(password.get()), true);
            activity.run(() -> connection.client().users().create(request), this::saved, this::failed);
        } else {
            UpdateUserRequest request = new UpdateUserRequest(
                    editing.version(), trimmedEmail, trimmedName, roleEditable ? role.get() : null);
            activity.run(
                    () -> connection.client().users().update(editing.user().id(), request), this::saved, this::failed);
        }
    }

    private void saved(UserDetails user) {
        password.set("");
        done.set(true);
        onSaved.accept(user);
    }

    private void failed(RuntimeException failure) {
        if (failure instanceof ApiException api) {
            api.fieldError("email").ifPresent(emailError::set);
            api.fieldError("displayName").ifPresent(displayNameError::set);
            api.fieldError("password").ifPresent(passwordError::set);
        }
        activity.fail(failure);
    }

    public StringProperty emailProperty() {
        return email;
    }

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public ObjectProperty<Role> roleProperty() {
        return role;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public ReadOnlyStringProperty emailErrorProperty() {
        return emailError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty displayNameErrorProperty() {
        return displayNameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passwordErrorProperty() {
        return passwordError.getReadOnlyProperty();
    }

    /** Whether the user was saved, so the form can close. */
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
