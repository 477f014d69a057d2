package dev.bulwark.desktop.settings;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.mfa.MailSecurity;
import dev.bulwark.model.mfa.SignInSettings;
import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Settings → Sign-in: whether new addresses need a second factor, and the SMTP server codes and alerts go through.
 * The stored SMTP password is never shown; leaving the field empty keeps it.
 */
public final class SignInSettingsViewModel {
    static final String ADMINS_ONLY = "Only an administrator may change the sign-in settings.";
    static final String PORT_INVALID = "Enter a port between 1 and 65535.";

    private final ServerConnection connection;
    private final Activity activity;
    private final boolean admin;
    private final BooleanProperty mfaEnabled = new SimpleBooleanProperty(this, "mfaEnabled", true);
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "587");
    private final ObjectProperty<MailSecurity> security =
            new SimpleObjectProperty<>(this, "security", MailSecurity.STARTTLS);
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final BooleanProperty clearPassword = new SimpleBooleanProperty(this, "clearPassword", false);
    private final StringProperty from = new SimpleStringProperty(this, "from", "");
    private final ReadOnlyStringWrapper passwordState = new ReadOnlyStringWrapper(this, "passwordState", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    public SignInSettingsViewModel(BackgroundRunner runner, ServerConnection connection, User me) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.admin = me.role() == Role.ADMIN;
    }

    /** Loads the settings in force. */
    public void load() {
        activity.run(() -> connection.client().mfa().settings(), this::show);
    }

    /** Why the form cannot be saved, or empty. */
    public String saveBlocked() {
        return admin ? "" : ADMINS_ONLY;
    }

    /** Saves the form. */
    public void save() {
        if (!admin) {
            activity.fail(ADMINS_ONLY);
            return;
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port.get().strip());
        } catch (NumberFormatException e) {
            activity.fail(PORT_INVALID);
            return;
        }
        if (portNumber < 1 || portNumber > 65535) {
            activity.fail(PORT_INVALID);
            return;
        }
        Secret newPassword =
                clearPassword.get() ? Secret.of("") : password.get().isEmpty() ? null : Secret.of(password.get());
        UpdateSignInSettingsRequest request = new UpdateSignInSettingsRequest(
                mfaEnabled.get(),
                host.get().strip(),
                portNumber,
                security.get(),
                username.get().strip(),
                newPassword,
                from.get().strip());
        activity.run(() -> connection.client().mfa().updateSettings(request), saved -> {
            show(saved);
            notice.set("Sign-in settings saved.");
        });
    }

    /** Mails a test message to the signed-in administrator through the saved server. */
    public void sendTestMail() {
        if (!admin) {
            activity.fail(ADMINS_ONLY);
            return;
        }
        activity.run(
                () -> {
                    connection.client().mfa().sendTestMail();
                    return Boolean.TRUE;
                },
                sent -> notice.set("A test mail is on its way to you."));
    }

    private void show(SignInSettings settings) {
        mfaEnabled.set(settings.mfaEnabled());
        host.set(settings.mail().host());
        port.set(Integer.toString(settings.mail().port()));
        security.set(settings.mail().security());
        username.set(settings.mail().username());
        from.set(settings.mail().from());
        password.set("");
        clearPassword.set(false);
        passwordState.set(
                settings.mail().passwordSet()
                        ? "A password is stored. Leave the field empty to keep it."
                        : "No password is stored.");
        notice.set(settings.changedInConsole() ? "" : "These values come from the server's settings file.");
    }

    public BooleanProperty mfaEnabledProperty() {
        return mfaEnabled;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public ObjectProperty<MailSecurity> securityProperty() {
        return security;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public BooleanProperty clearPasswordProperty() {
        return clearPassword;
    }

    public StringProperty fromProperty() {
        return from;
    }

    public ReadOnlyStringProperty passwordStateProperty() {
        return passwordState.getReadOnlyProperty();
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
