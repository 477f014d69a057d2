package dev.bulwark.desktop.signin;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The sign-in screen: email and password. */
public final class SignInViewModel {
    static final String FIELDS_MISSING = "Enter your email and password.";

    private final ServerConnection connection;
    private final Consumer<User> onSignedIn;
    private final Runnable toServers;
    private final Activity activity;
    private final StringProperty email = new SimpleStringProperty(this, "email", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    public SignInViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            SignInPrompt prompt,
            Consumer<User> onSignedIn,
            Runnable toServers) {
        this.connection = connection;
        this.onSignedIn = onSignedIn;
        this.toServers = toServers;
        this.activity = new Activity(runner);
        email.set(prompt.email());
        notice.set(prompt.notice());
    }

    /** "This computer" or the server's address. */
    public String serverLabel() {
        return connection.label();
    }

    /** Signs in; on success the console opens. */
    public void signIn() {
        String typedEmail = email.get().strip();
        String typedPassword = password.get();
        if (typedEmail.isEmpty() || typedPassword.isEmpty()) {
            activity.fail(FIELDS_MISSING);
            return;
        }
        notice.set("");
        activity.run(
                () -> switch (connection
                        .client()
                        .auth()
                        .login(new LoginRequest(typedEmail, Secret.of(typedPassword)))) {
                    case LoginOutcome.SignedIn signedIn -> signedIn.tokens().user();
                },
                user -> {
                    password.set("");
                    onSignedIn.accept(user);
                },
                failure -> {
                    if (failure instanceof ApiException api && api.type() == ProblemType.INVALID_CREDENTIALS) {
                        password.set("");
                    }
                    activity.fail(failure);
                });
    }

    /** Goes back to the connection screen. */
    public void backToServers() {
        toServers.run();
    }

    public StringProperty emailProperty() {
        return email;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** A neutral sentence the screen opened with, such as "You have signed out.", or empty. */
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
