package dev.bulwark.desktop.signin;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The second step of a sign-in from a new address: choose a method, type its code. An email code can be asked for
 * again once the cooldown has passed; the view calls {@link #tick()} while {@link #resendWaitSecondsProperty()} is
 * above zero. A challenge the server no longer accepts sends the person back to the password form.
 */
public final class SecondFactorViewModel {
    static final String CODE_MISSING = "Enter the code.";
    static final String RESTART = "That sign-in can no longer be completed. Sign in again.";
    static final long COOLDOWN_SECONDS = 30;

    private final ServerConnection connection;
    private final MfaChallenge challenge;
    private final Consumer<User> onSignedIn;
    private final Consumer<String> onRestart;
    private final Clock clock;
    private final Activity activity;
    private final ObjectProperty<MfaMethod> method = new SimpleObjectProperty<>(this, "method");
    private final StringProperty code = new SimpleStringProperty(this, "code", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyLongWrapper resendWaitSeconds = new ReadOnlyLongWrapper(this, "resendWaitSeconds", 0);
    private final BooleanBinding canResend;
    private Instant resendAt = Instant.MIN;
    private boolean emailSent;

    public SecondFactorViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            MfaChallenge challenge,
            Consumer<User> onSignedIn,
            Consumer<String> onRestart,
            Clock clock) {
        this.connection = connection;
        this.challenge = challenge;
        this.onSignedIn = onSignedIn;
        this.onRestart = onRestart;
        this.clock = clock;
        this.activity = new Activity(runner);
        this.emailSent = challenge.emailSent();
        method.set(
                challenge.methods().isEmpty()
                        ? MfaMethod.EMAIL
                        : challenge.methods().getFirst());
        if (emailSent) {
            notice.set("We mailed you a sign-in code. It works once, for 10 minutes.");
            resendAt = clock.instant().plusSeconds(COOLDOWN_SECONDS);
            tick();
        }
        canResend = Bindings.createBooleanBinding(
                () -> !activity.busyProperty().get() && resendWaitSeconds.get() == 0,
                activity.busyProperty(),
                resendWaitSeconds);
    }

    /** The methods this user can use, in the order the server offers them. */
    public List<MfaMethod> methods() {
        return challenge.methods();
    }

    /** A person's name for {@code method}. */
    public static String label(MfaMethod method) {
        return switch (method) {
            case TOTP -> "Authenticator app";
            case EMAIL -> "Code by email";
            case RECOVERY -> "Recovery code";
        };
    }

    /** What to type, for the selected method. */
    public String hintFor(MfaMethod chosen) {
        return switch (chosen) {
            case TOTP -> "Enter the 6-digit code your authenticator app shows now.";
            case EMAIL ->
                emailSent
                        ? "Enter the 6-digit code from the mail we sent you."
                        : "Send a code to your email address, then enter it here.";
            case RECOVERY -> "Enter one of your recovery codes. Each works once.";
        };
    }

    /** Sends the code; on success the console opens. */
    public void verify() {
        String typed = code.get() == null ? "" : code.get().strip();
        if (typed.isEmpty()) {
            activity.fail(CODE_MISSING);
            return;
        }
        MfaMethod chosen = method.get();
        activity.run(
                () -> connection
                        .client()
                        .auth()
                        .completeSecondFactor(new MfaVerifyRequest(challenge.challengeId(), chosen, Secret.of(typed)))
                        .user(),
                user -> {
                    code.set("");
                    onSignedIn.accept(user);
                },
                failure -> {
                    code.set("");
                    if (failure instanceof ApiException api && api.type() == ProblemType.MFA_CHALLENGE_INVALID) {
                        onRestart.accept(RESTART);
                        return;
                    }
                    activity.fail(failure);
                });
    }

    /** Mails a (new) code; the previous one stops working. */
    public void sendEmailCode() {
        if (resendWaitSeconds.get() > 0) {
            return;
        }
        activity.run(
                () -> connection.client().auth().sendEmailCode(challenge.challengeId()),
                sent -> {
                    emailSent = true;
                    method.set(MfaMethod.EMAIL);
                    notice.set("A new code is on its way. Only the newest code works.");
                    resendAt = clock.instant().plusSeconds(COOLDOWN_SECONDS);
                    tick();
                },
                failure -> {
                    if (failure instanceof ApiException api && api.type() == ProblemType.RATE_LIMITED) {
                        long seconds = api.retryAfterSeconds() == null ? COOLDOWN_SECONDS : api.retryAfterSeconds();
                        resendAt = clock.instant().plusSeconds(Math.max(1, seconds));
                        tick();
                        return;
                    }
                    if (failure instanceof ApiException api && api.type() == ProblemType.MFA_CHALLENGE_INVALID) {
                        onRestart.accept(RESTART);
                        return;
                    }
                    activity.fail(failure);
                });
    }

    /** Counts the resend cooldown down to now. */
    public void tick() {
        long left = (Duration.between(clock.instant(), resendAt).toMillis() + 999) / 1000;
        resendWaitSeconds.set(Math.max(0, left));
    }

    /** Goes back to the password form. */
    public void cancel() {
        onRestart.accept("");
    }

    /** The text of the resend button, with the seconds left while it waits. */
    public String resendText(long waitSeconds) {
        String base = emailSent ? "Send a new code" : "Send code";
        return waitSeconds > 0 ? base + " (" + waitSeconds + " s)" : base;
    }

    public boolean emailSent() {
        return emailSent;
    }

    public ObjectProperty<MfaMethod> methodProperty() {
        return method;
    }

    public StringProperty codeProperty() {
        return code;
    }

    public ReadOnlyLongProperty resendWaitSecondsProperty() {
        return resendWaitSeconds.getReadOnlyProperty();
    }

    public BooleanBinding canResendProperty() {
        return canResend;
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
