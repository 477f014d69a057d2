package dev.bulwark.desktop.users;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.mfa.KnownIp;
import dev.bulwark.model.user.UserDetails;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The selected user's known addresses and, for administrators, the reset of their second factor. */
public final class UserMfaViewModel {
    static final String ADMINS_ONLY = "Only an administrator may reset a user's second factor.";

    private final ServerConnection connection;
    private final Activity activity;
    private final BooleanSupplier isAdmin;
    private final ObservableList<KnownIp> knownIps = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private UserDetails shown;
    private long generation;

    UserMfaViewModel(BackgroundRunner runner, ServerConnection connection, BooleanSupplier isAdmin) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.isAdmin = isAdmin;
    }

    /** Loads {@code user}'s known addresses; null clears them. */
    void show(UserDetails user) {
        long mine = ++generation;
        shown = user;
        knownIps.clear();
        notice.set("");
        if (user == null) {
            return;
        }
        UUID id = user.user().id();
        activity.run(() -> connection.client().mfa().knownIpsOf(id).items(), ips -> {
            if (mine == generation) {
                knownIps.setAll(ips);
            }
        });
    }

    /** Forgets {@code ip} for the shown user: their next sign-in from it needs a second factor. */
    public void remove(KnownIp ip) {
        if (shown == null || ip == null) {
            activity.fail("Select an address first.");
            return;
        }
        UUID id = shown.user().id();
        activity.run(
                () -> {
                    connection.client().mfa().removeKnownIp(id, ip.ip());
                    return connection.client().mfa().knownIpsOf(id).items();
                },
                remaining -> {
                    knownIps.setAll(remaining);
                    notice.set("The address " + ip.ip() + " was removed.");
                });
    }

    /** Why "Reset MFA" is unavailable, or empty. */
    public String resetBlocked() {
        return isAdmin.getAsBoolean() ? "" : ADMINS_ONLY;
    }

    /** The question the reset confirmation asks. */
    public String resetQuestion() {
        return shown == null
                ? ""
                : "Reset the second factor of " + shown.user().email()
                        + "? Their authenticator, recovery codes and known addresses are removed; their next"
                        + " sign-in needs a code by email.";
    }

    /** Removes the shown user's authenticator, recovery codes and known addresses. */
    public void reset() {
        if (shown == null || !resetBlocked().isEmpty()) {
            return;
        }
        UUID id = shown.user().id();
        String email = shown.user().email();
        activity.run(
                () -> {
                    connection.client().mfa().resetMfa(id);
                    return connection.client().mfa().knownIpsOf(id).items();
                },
                remaining -> {
                    knownIps.setAll(remaining);
                    notice.set("The second factor of " + email + " was reset.");
                });
    }

    public ObservableList<KnownIp> knownIps() {
        return knownIps;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }
}
