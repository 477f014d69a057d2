package dev.bulwark.desktop.signin;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The sign-in screen: email and password, then a second factor when the server asks for one. After a {@code rate-limited} answer the screen counts down the
 * server's {@code Retry-After} and refuses to send until it has passed; the view calls {@link #tick()} while
 * {@link #waitSecondsProperty()} is above zero.
 */
public final class SignInViewModel {
    static final String FIELDS_MISSING = "Enter your email and password.";
    private static final long RETRY_AFTER_UNKNOWN_SECONDS = 60;

    private final ServerConnection connection;
    private final Consumer<User> onSignedIn;
    private final Runnable toServers;
    private final Activity activity;
    private final BackgroundRunner runner;
    private final ReadOnlyObjectWrapper<SecondFactorViewModel> secondFactor =
            new ReadOnlyObjectWrapper<>(this, "secondFactor");
    private final Clock clock;
    private final ReadOnlyLongWrapper waitSeconds = new ReadOnlyLongWrapper(this, "waitSeconds", 0);
    private final BooleanBinding canSignIn;
    private Instant retryAt = Instant.MIN;
    private final StringProperty email = new SimpleStringProperty(this, "email", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    public SignInViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            SignInPrompt prompt,
            Consumer<User> onSignedIn,
            Runnable toServers,
            Clock clock) {
        this.connection = connection;
        this.clock = clock;
        this.onSignedIn = onSignedIn;
        this.toServers = toServers;
        this.activity = new Activity(runner);
        this.runner = runner;
        email.set(prompt.email());
        notice.set(prompt.notice());
        canSignIn = Bindings.createBooleanBinding(
                () -> !activity.busyProperty().get() && waitSeconds.get() == 0, activity.busyProperty(), waitSeconds);
    }

    /** "This computer" or the server's address. */
    public String serverLabel() {
        return connection.label();
    }

    /** Signs in; on success the console opens. */
    public void signIn() {
        if (waitSeconds.get() > 0) {
            return;
        }
        String typedEmail = email.get().strip();
        String typedPassword = password.get();
        if (typedEmail.isEmpty() || typedPassword.isEmpty()) {
            activity.fail(FIELDS_MISSING);
            return;
        }
        notice.set("");
        activity.run(
                () -> connection.client().auth().login(new LoginRequest(typedEmail, Secret.of(typedPassword))),
                outcome -> {
                    password.set("");
                    switch (outcome) {
                        case LoginOutcome.SignedIn signedIn ->
                            onSignedIn.accept(signedIn.tokens().user());
                        case LoginOutcome.MfaRequired mfa ->
                            secondFactor.set(new SecondFactorViewModel(
                                    runner, connection, mfa.challenge(), onSignedIn, this::restart, clock));
                    }
                },
                failure -> {
                    if (failure instanceof ApiException api && api.type() == ProblemType.INVALID_CREDENTIALS) {
                        password.set("");
                    }
                    if (failure instanceof ApiException api && api.type() == ProblemType.RATE_LIMITED) {
                        long seconds = api.retryAfterSeconds() == null
                                ? RETRY_AFTER_UNKNOWN_SECONDS
                                : Math.max(1, api.retryAfterSeconds());
                        retryAt = clock.instant().plusSeconds(seconds);
                        tick();
                        return;
                    }
                    activity.fail(failure);
                });
    }

    /**
     * Goes on to the second-factor step for a sign-in that proved the first factor elsewhere: an administrator's
     * browser sign-in (docs/decisions/0027).
     */
    public void continueWithSecondFactor(MfaChallenge challenge) {
        notice.set("");
        secondFactor.set(new SecondFactorViewModel(runner, connection, challenge, onSignedIn, this::restart, clock));
    }

    /** Back from the second factor to the password form, with {@code message} (may be empty). */
    private void restart(String message) {
        secondFactor.set(null);
        notice.set(message);
    }

    /** The second-factor step while one is asked for, else null (the password form shows). */
    public ReadOnlyObjectProperty<SecondFactorViewModel> secondFactorProperty() {
        return secondFactor.getReadOnlyProperty();
    }

    /** Counts the wait after too many attempts down to now; at zero the form may be sent again. */
    public void tick() {
        long left = (Duration.between(clock.instant(), retryAt).toMillis() + 999) / 1000;
        if (left > 0) {
            waitSeconds.set(left);
            activity.fail("Too many attempts. Try again in " + left + " s.");
        } else if (waitSeconds.get() > 0) {
            waitSeconds.set(0);
            activity.clearProblem();
        }
    }

    /** Seconds until the server accepts another attempt; zero when it does now. */
    public ReadOnlyLongProperty waitSecondsProperty() {
        return waitSeconds.getReadOnlyProperty();
    }

    /** Whether the form may be sent: nothing running and no wait after too many attempts. */
    public BooleanBinding canSignInProperty() {
        return canSignIn;
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
