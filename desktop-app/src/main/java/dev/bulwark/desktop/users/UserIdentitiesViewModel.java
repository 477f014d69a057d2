package dev.bulwark.desktop.users;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.oidc.LinkedIdentity;
import dev.bulwark.model.user.UserDetails;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected user's linked sign-in provider accounts (docs/decisions/0027) and, for administrators, unlinking one
 * so that the next sign-in through that provider binds the account it brings.
 */
public final class UserIdentitiesViewModel {
    static final String ADMINS_ONLY = "Only an administrator may unlink a sign-in provider account.";
    static final String SELECT_FIRST = "Select a linked account first.";

    private final ServerConnection connection;
    private final Activity activity;
    private final BooleanSupplier isAdmin;
    private final ObservableList<LinkedIdentity> identities = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private UserDetails shown;
    private long generation;

    UserIdentitiesViewModel(BackgroundRunner runner, ServerConnection connection, BooleanSupplier isAdmin) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.isAdmin = isAdmin;
    }

    /** Loads {@code user}'s linked accounts; null clears them. A server without the feature shows none. */
    void show(UserDetails user) {
        long mine = ++generation;
        shown = user;
        identities.clear();
        notice.set("");
        if (user == null) {
            return;
        }
        UUID id = user.user().id();
        activity.run(() -> connection.client().oidcProviders().identities(id).identities(), found -> {
            if (mine == generation) {
                identities.setAll(found);
            }
        });
    }

    /** Why Unlink is unavailable for {@code selected}, or empty. */
    public String unlinkBlocked(LinkedIdentity selected) {
        if (!isAdmin.getAsBoolean()) {
            return ADMINS_ONLY;
        }
        return selected == null ? SELECT_FIRST : "";
    }

    /** The question the unlink confirmation asks. */
    public String unlinkQuestion(LinkedIdentity link) {
        return shown == null || link == null
                ? ""
                : "Unlink the " + link.providerName() + " account " + link.subject() + " from "
                        + shown.user().email() + "? The next sign-in through " + link.providerName()
                        + " binds whichever account it brings.";
    }

    /** Removes {@code link} from the shown user. */
    public void unlink(LinkedIdentity link) {
        if (shown == null || !unlinkBlocked(link).isEmpty()) {
            activity.fail(unlinkBlocked(link).isEmpty() ? SELECT_FIRST : unlinkBlocked(link));
            return;
        }
        UUID id = shown.user().id();
        activity.run(
                () -> {
                    connection.client().oidcProviders().unlink(id, link.id());
                    return connection.client().oidcProviders().identities(id).identities();
                },
                (List<LinkedIdentity> remaining) -> {
                    identities.setAll(remaining);
                    notice.set("The " + link.providerName() + " account " + link.subject() + " was unlinked.");
                });
    }

    public ObservableList<LinkedIdentity> identities() {
        return identities;
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
