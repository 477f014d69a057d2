package dev.bulwark.desktop.users;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.PasswordFeedback;
import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.UserDetails;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Gives a user a temporary password that they must change at their next sign-in; their sessions end. */
public final class PasswordResetViewModel {
    private final ServerConnection connection;
    private final UserDetails user;
    private final Consumer<UserDetails> onReset;
    private final Activity activity;
    private final PasswordFeedback passwordFeedback;
    private final StringProperty temporaryPassword = new SimpleStringProperty(this, "temporaryPassword", "");
    private final ReadOnlyStringWrapper temporaryPasswordError =
            new ReadOnlyStringWrapper(this, "temporaryPasswordError", "");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);

    public PasswordResetViewModel(
            BackgroundRunner runner, ServerConnection connection, UserDetails user, Consumer<UserDetails> onReset) {
        this.connection = connection;
        this.user = user;
        this.onReset = onReset;
        this.activity = new Activity(runner);
        this.passwordFeedback = new PasswordFeedback(runner, connection::client);
        temporaryPassword.addListener((observable, old, now) -> temporaryPasswordError.set(""));
    }

    /** Live feedback on the temporary password as it is typed, against this user's email and name. */
    public PasswordFeedback passwordFeedback() {
        return passwordFeedback;
    }

    /** The email of the user who gets the password. */
    public String userEmail() {
        return user.user().email();
    }

    /** The display name of the user who gets the password. */
    public String userDisplayName() {
        return user.user().displayName();
    }

    /** Who gets the new password, as the dialog names them. */
    public String userName() {
        return user.user().displayName() + " (" + user.user().email() + ")";
    }

    /** Checks the password, then sets it; {@link #doneProperty()} turns true on success. */
    public void reset() {
        temporaryPasswordError.set(
                FieldChecks.newPassword(temporaryPassword.get()).orElse(""));
        if (!temporaryPasswordError.get().isEmpty()) {
            activity.fail("Check the highlighted fields.");
            return;
        }
        PasswordResetRequest request = new PasswordResetRequest(Secret.of(temporaryPassword.get()));
        activity.run(
                () -> connection.client().users().resetPassword(user.user().id(), request),
                reset -> {
                    temporaryPassword.set("");
                    done.set(true);
                    onReset.accept(reset);
                },
                failure -> {
                    if (failure instanceof ApiException api) {
                        api.fieldError("temporaryPassword").ifPresent(temporaryPasswordError::set);
                    }
                    activity.fail(failure);
                });
    }

    public StringProperty temporaryPasswordProperty() {
        return temporaryPassword;
    }

    public ReadOnlyStringProperty temporaryPasswordErrorProperty() {
        return temporaryPasswordError.getReadOnlyProperty();
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
