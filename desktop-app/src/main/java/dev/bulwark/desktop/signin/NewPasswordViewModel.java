package dev.bulwark.desktop.signin;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.PasswordFeedback;
import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.User;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Choose a new password": shown right after sign-in when the password was reset or is a temporary one. The
 * server answers nothing else for such a session, so this screen is the only way on (or back to sign-in).
 */
public final class NewPasswordViewModel {
    static final String TEMPORARY_WRONG = "This is not the temporary password you signed in with.";
    static final String SIGNED_OUT = "Signed out. Sign in again to choose a new password.";

    private final ServerConnection connection;
    private final User user;
    private final Activity activity;
    private final PasswordFeedback passwordFeedback;
    private final Consumer<User> onChanged;
    private final Consumer<SignInPrompt> toSignIn;

    private final StringProperty currentPassword = new SimpleStringProperty(this, "currentPassword", "");
    private final StringProperty newPassword = new SimpleStringProperty(this, "newPassword", "");
    private final StringProperty confirmPassword = new SimpleStringProperty(this, "confirmPassword", "");
    private final ReadOnlyStringWrapper currentPasswordError =
            new ReadOnlyStringWrapper(this, "currentPasswordError", "");
    private final ReadOnlyStringWrapper newPasswordError = new ReadOnlyStringWrapper(this, "newPasswordError", "");
    private final ReadOnlyStringWrapper confirmPasswordError =
            new ReadOnlyStringWrapper(this, "confirmPasswordError", "");

    /**
     * @param onChanged receives the user as the server reads them after the change
     * @param toSignIn shows sign-in again, after signing out
     */
    public NewPasswordViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            User user,
            Consumer<User> onChanged,
            Consumer<SignInPrompt> toSignIn) {
        this.connection = connection;
        this.user = user;
        this.activity = new Activity(runner);
        this.passwordFeedback = new PasswordFeedback(runner, connection::client);
        this.onChanged = onChanged;
        this.toSignIn = toSignIn;
        currentPassword.addListener((observable, old, now) -> currentPasswordError.set(""));
        newPassword.addListener((observable, old, now) -> newPasswordError.set(""));
        confirmPassword.addListener((observable, old, now) -> confirmPasswordError.set(""));
    }

    /** The signed-in user's email, for the screen's sentence and the strength estimate. */
    public String email() {
        return user.email();
    }

    public String displayName() {
        return user.displayName();
    }

    /** Live feedback on the new password as it is typed. */
    public PasswordFeedback passwordFeedback() {
        return passwordFeedback;
    }

    /** Checks the form, changes the password, and goes on to the console. */
    public void change() {
        currentPasswordError.set(FieldChecks.required(currentPassword.get(), "Enter the temporary password.")
                .orElse(""));
        newPasswordError.set(FieldChecks.newPassword(newPassword.get()).orElse(""));
        confirmPasswordError.set(
                newPasswordError.get().isEmpty()
                        ? FieldChecks.confirmation(newPassword.get(), confirmPassword.get())
                                .orElse("")
                        : "");
        if (!currentPasswordError.get().isEmpty()
                || !newPasswordError.get().isEmpty()
                || !confirmPasswordError.get().isEmpty()) {
            activity.fail("Check the highlighted fields.");
            return;
        }
        ChangePasswordRequest request =
                new ChangePasswordRequest(Secret.of(currentPassword.get()), Secret.of(newPassword.get()));
        activity.run(
                () -> {
                    connection.client().me().changePassword(request);
                    return connection.client().me().get();
                },
                changed -> {
                    currentPassword.set("");
                    newPassword.set("");
                    confirmPassword.set("");
                    passwordFeedback.clear();
                    onChanged.accept(changed);
                },
                this::changeFailed);
    }

    /** Ends the session and goes back to sign-in, even when the server cannot be told. */
    public void signOut() {
        activity.run(
                () -> {
                    connection.client().auth().logout();
                    return Boolean.TRUE;
                },
                done -> toSignIn.accept(new SignInPrompt(user.email(), SIGNED_OUT)),
                failure -> toSignIn.accept(new SignInPrompt(user.email(), SIGNED_OUT)));
    }

    private void changeFailed(RuntimeException failure) {
        if (failure instanceof ApiException api) {
            if (api.type() == ProblemType.INVALID_CREDENTIALS) {
                currentPasswordError.set(TEMPORARY_WRONG);
                activity.fail("Check the highlighted fields.");
                return;
            }
            api.fieldError("currentPassword").ifPresent(currentPasswordError::set);
            api.fieldError("newPassword").ifPresent(newPasswordError::set);
        }
        activity.fail(failure);
    }

    public StringProperty currentPasswordProperty() {
        return currentPassword;
    }

    public StringProperty newPasswordProperty() {
        return newPassword;
    }

    public StringProperty confirmPasswordProperty() {
        return confirmPassword;
    }

    public ReadOnlyStringProperty currentPasswordErrorProperty() {
        return currentPasswordError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty newPasswordErrorProperty() {
        return newPasswordError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty confirmPasswordErrorProperty() {
        return confirmPasswordError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
