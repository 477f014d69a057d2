package dev.bulwark.desktop.setup;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.signin.SignInPrompt;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.PasswordFeedback;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.mfa.MfaStatus;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.User;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The first-run screen: creates the first administrator. For "This computer" the setup code comes from the
 * embedded server; for a remote server the person types the code that {@code bulwark-server init} printed.
 */
public final class FirstRunViewModel {
    static final String SETUP_CODE_MISSING = "Enter the setup code that bulwark-server init printed.";

    private final ServerConnection connection;
    private final Consumer<SignInPrompt> toSignIn;
    private final Runnable toServers;
    private final Consumer<User> toAuthenticator;
    private final Activity activity;
    private final PasswordFeedback passwordFeedback;

    private final StringProperty email = new SimpleStringProperty(this, "email", "");
    private final StringProperty displayName = new SimpleStringProperty(this, "displayName", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty confirmPassword = new SimpleStringProperty(this, "confirmPassword", "");
    private final StringProperty setupCode = new SimpleStringProperty(this, "setupCode", "");

    private final ReadOnlyStringWrapper emailError = new ReadOnlyStringWrapper(this, "emailError", "");
    private final ReadOnlyStringWrapper displayNameError = new ReadOnlyStringWrapper(this, "displayNameError", "");
    private final ReadOnlyStringWrapper passwordError = new ReadOnlyStringWrapper(this, "passwordError", "");
    private final ReadOnlyStringWrapper confirmPasswordError =
            new ReadOnlyStringWrapper(this, "confirmPasswordError", "");
    private final ReadOnlyStringWrapper setupCodeError = new ReadOnlyStringWrapper(this, "setupCodeError", "");

    public FirstRunViewModel(
            BackgroundRunner runner, ServerConnection connection, Consumer<SignInPrompt> toSignIn, Runnable toServers) {
        this(runner, connection, toSignIn, toServers, null);
    }

    /**
     * With {@code toAuthenticator}, the new administrator is signed in at once with the password just typed, to
     * check whether a second factor protects the account: when MFA is on but this server has no mail and the
     * administrator no authenticator (decision 0029), {@code toAuthenticator} gets the signed-in user so the
     * enrolment can be offered right away. Otherwise that session ends again and the person signs in as before.
     */
    public FirstRunViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            Consumer<SignInPrompt> toSignIn,
            Runnable toServers,
            Consumer<User> toAuthenticator) {
        this.toAuthenticator = toAuthenticator;
        this.connection = connection;
        this.toSignIn = toSignIn;
        this.toServers = toServers;
        this.activity = new Activity(runner);
        this.passwordFeedback = new PasswordFeedback(runner, connection::client);
        clearErrorOnEdit(email, emailError);
        clearErrorOnEdit(displayName, displayNameError);
        clearErrorOnEdit(password, passwordError);
        clearErrorOnEdit(confirmPassword, confirmPasswordError);
        clearErrorOnEdit(setupCode, setupCodeError);
    }

    private static void clearErrorOnEdit(StringProperty field, ReadOnlyStringWrapper error) {
        field.addListener((observable, old, now) -> error.set(""));
    }

    /** Live feedback on the password as it is typed. */
    public PasswordFeedback passwordFeedback() {
        return passwordFeedback;
    }

    /** Whether the person has to type a setup code: only for a remote server. */
    public boolean isSetupCodeRequired() {
        return !connection.isLocal();
    }

    /** The server's name as shown in the screen's subtitle. */
    public String serverLabel() {
        return connection.label();
    }

    /** Checks the form, then creates the administrator and moves on to sign-in with the email filled in. */
    public void createAdmin() {
        if (!checkForm()) {
            activity.fail("Check the highlighted fields.");
            return;
        }
        String typedEmail = email.get().strip();
        String typedName = displayName.get().strip();
        Secret typedPassword = Secret.of(password.get());
        Secret typedCode = isSetupCodeRequired() ? Secret.of(setupCode.get().strip()) : null;
        activity.run(
                () -> {
                    Secret code = typedCode != null
                            ? typedCode
                            : connection.newSetupCode().orElseThrow(() -> ApiException.of(ProblemType.SETUP_COMPLETED));
                    User admin = connection
                            .client()
                            .setup()
                            .createFirstAdmin(new SetupRequest(code, typedEmail, typedName, typedPassword));
                    return new Created(admin, toAuthenticator == null ? null : signInAfterSetup(admin, typedPassword));
                },
                this::created,
                this::failed);
    }

    /** Goes back to the connection screen without creating anyone. */
    public void backToServers() {
        toServers.run();
    }

    private boolean checkForm() {
        emailError.set(FieldChecks.email(email.get()).orElse(""));
        displayNameError.set(FieldChecks.required(displayName.get(), "Enter the name to show in the console.")
                .orElse(""));
        passwordError.set(FieldChecks.newPassword(password.get()).orElse(""));
        confirmPasswordError.set(
                passwordError.get().isEmpty()
                        ? FieldChecks.confirmation(password.get(), confirmPassword.get())
                                .orElse("")
                        : "");
        setupCodeError.set(
                isSetupCodeRequired()
                        ? FieldChecks.required(setupCode.get(), SETUP_CODE_MISSING)
                                .orElse("")
                        : "");
        return emailError.get().isEmpty()
                && displayNameError.get().isEmpty()
                && passwordError.get().isEmpty()
                && confirmPasswordError.get().isEmpty()
                && setupCodeError.get().isEmpty();
    }

    /** The administrator, and the sign-in that followed (null when the person signs in on the next screen). */
    private record Created(User admin, User signedIn) {}

    /**
     * Off the FX thread: the sign-in right after setup, kept only when no second factor protects the account;
     * null otherwise (a second factor asked, a factor available, or a failure).
     */
    private User signInAfterSetup(User admin, Secret typedPassword) {
        try {
            LoginOutcome outcome = connection.client().auth().login(new LoginRequest(admin.email(), typedPassword));
            if (!(outcome instanceof LoginOutcome.SignedIn signedIn)) {
                return null;
            }
            MfaStatus status = connection.client().mfa().status();
            if (status.policyEnabled() && !status.emailAvailable() && !status.totpEnrolled()) {
                return signedIn.tokens().user();
            }
            connection.client().auth().logout();
            return null;
        } catch (ApiException e) {
            return null;
        }
    }

    private void created(Created created) {
        User admin = created.admin();
        password.set("");
        confirmPassword.set("");
        setupCode.set("");
        if (created.signedIn() != null) {
            toAuthenticator.accept(created.signedIn());
            return;
        }
        toSignIn.accept(
                new SignInPrompt(admin.email(), "The administrator " + admin.email() + " was created. Sign in."));
    }

    private void failed(RuntimeException failure) {
        if (!(failure instanceof ApiException api)) {
            activity.fail(failure);
            return;
        }
        switch (api.type()) {
            case SETUP_COMPLETED ->
                toSignIn.accept(
                        new SignInPrompt(email.get().strip(), "This server already has an administrator. Sign in."));
            case SETUP_CODE_INVALID -> {
                if (isSetupCodeRequired()) {
                    setupCodeError.set(api.detail());
                    activity.fail("Check the highlighted fields.");
                } else {
                    activity.fail(api);
                }
            }
            case VALIDATION_FAILED -> {
                showFieldError(api, "email", emailError);
                showFieldError(api, "displayName", displayNameError);
                showFieldError(api, "password", passwordError);
                showFieldError(api, "setupCode", setupCodeError);
                activity.fail(api);
            }
            default -> activity.fail(api);
        }
    }

    private static void showFieldError(ApiException api, String field, ReadOnlyStringWrapper error) {
        Optional<String> message = api.fieldError(field);
        message.ifPresent(error::set);
    }

    public StringProperty emailProperty() {
        return email;
    }

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty confirmPasswordProperty() {
        return confirmPassword;
    }

    public StringProperty setupCodeProperty() {
        return setupCode;
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

    public ReadOnlyStringProperty confirmPasswordErrorProperty() {
        return confirmPasswordError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty setupCodeErrorProperty() {
        return setupCodeError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
