package dev.bulwark.desktop.account;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.PasswordChangeForm;
import dev.bulwark.desktop.ui.PasswordFeedback;
import dev.bulwark.model.user.User;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** "My account": the signed-in user's profile and password, with their sessions and API tokens. */
public final class AccountViewModel {
    static final String PASSWORD_CHANGED =
            "Password changed. Your other sessions have ended and your API tokens were revoked.";
    static final String CURRENT_PASSWORD_WRONG = "This is not your current password.";

    private final ServerConnection connection;
    private final Activity activity;
    private final MySessionsViewModel sessions;
    private final MyTokensViewModel tokens;
    private final MyMfaViewModel mfa;
    private final PasswordFeedback passwordFeedback;

    private final ReadOnlyStringWrapper email = new ReadOnlyStringWrapper(this, "email", "");
    private final ReadOnlyStringWrapper displayName = new ReadOnlyStringWrapper(this, "displayName", "");
    private final ReadOnlyStringWrapper role = new ReadOnlyStringWrapper(this, "role", "");
    private final ReadOnlyStringWrapper memberSince = new ReadOnlyStringWrapper(this, "memberSince", "");
    private final ReadOnlyStringWrapper lastSignIn = new ReadOnlyStringWrapper(this, "lastSignIn", "");

    private final PasswordChangeForm passwordForm =
            new PasswordChangeForm("Enter your current password.", CURRENT_PASSWORD_WRONG);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    /** @param user the signed-in user as sign-in returned it, shown until {@link #reload()} answers */
    public AccountViewModel(BackgroundRunner runner, ServerConnection connection, User user) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.sessions = new MySessionsViewModel(runner, connection);
        this.tokens = new MyTokensViewModel(runner, connection);
        this.mfa = new MyMfaViewModel(runner, connection);
        this.passwordFeedback = new PasswordFeedback(runner, connection::client);
        showProfile(user);
    }

    /** The password fields, their checks and errors. */
    public PasswordChangeForm passwordForm() {
        return passwordForm;
    }

    /** Live feedback on the new password as it is typed. */
    public PasswordFeedback passwordFeedback() {
        return passwordFeedback;
    }

    /** Loads the profile, the sessions and the API tokens again. */
    public void reload() {
        activity.run(() -> connection.client().me().get(), this::showProfile);
        sessions.reload();
        tokens.reload();
    }

    /** The "Sessions" section. */
    public MySessionsViewModel sessions() {
        return sessions;
    }

    /** The "MFA" and "Known IPs" sections. */
    public MyMfaViewModel mfa() {
        return mfa;
    }

    /** The "API tokens" section. */
    public MyTokensViewModel tokens() {
        return tokens;
    }

    private void showProfile(User user) {
        email.set(user.email());
        displayName.set(user.displayName());
        role.set(Formats.role(user.role()));
        memberSince.set(Formats.dateTime(user.createdAt()));
        lastSignIn.set(Formats.dateTime(user.lastLoginAt()));
    }

    /** Checks the form, then changes the password; the session goes on, the user's other sessions end. */
    public void changePassword() {
        notice.set("");
        passwordForm
                .checked()
                .ifPresentOrElse(
                        request -> activity.run(
                                () -> {
                                    connection.client().me().changePassword(request);
                                    return Boolean.TRUE;
                                },
                                done -> {
                                    passwordForm.clear();
                                    passwordFeedback.clear();
                                    notice.set(PASSWORD_CHANGED);
                                    sessions.reload();
                                    tokens.reload();
                                },
                                this::changeFailed),
                        () -> activity.fail("Check the highlighted fields."));
    }

    private void changeFailed(RuntimeException failure) {
        if (passwordForm.markRefusal(failure)) {
            activity.fail("Check the highlighted fields.");
        } else {
            activity.fail(failure);
        }
    }

    public ReadOnlyStringProperty emailProperty() {
        return email.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty displayNameProperty() {
        return displayName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty roleProperty() {
        return role.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memberSinceProperty() {
        return memberSince.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastSignInProperty() {
        return lastSignIn.getReadOnlyProperty();
    }

    /** A neutral sentence after a change, such as "Your password was changed.", or empty. */
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
