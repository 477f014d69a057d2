package dev.bulwark.desktop.signin;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.PasswordChangeForm;
import dev.bulwark.desktop.ui.PasswordFeedback;
import dev.bulwark.model.user.User;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;

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

    private final PasswordChangeForm passwordForm =
            new PasswordChangeForm("Enter the temporary password.", TEMPORARY_WRONG);

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
    }

    /** The password fields, their checks and errors. */
    public PasswordChangeForm passwordForm() {
        return passwordForm;
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
        passwordForm
                .checked()
                .ifPresentOrElse(
                        request -> activity.run(
                                () -> {
                                    connection.client().me().changePassword(request);
                                    return connection.client().me().get();
                                },
                                changed -> {
                                    passwordForm.clear();
                                    passwordFeedback.clear();
                                    onChanged.accept(changed);
                                },
                                this::changeFailed),
                        () -> activity.fail("Check the highlighted fields."));
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
        if (passwordForm.markRefusal(failure)) {
            activity.fail("Check the highlighted fields.");
        } else {
            activity.fail(failure);
        }
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
