package dev.bulwark.desktop.account;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.token.ApiToken;
import dev.bulwark.model.token.CreatedApiToken;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "My account → API tokens": the signed-in user's tokens; create one (its value is held only until the person
 * closes the dialog that shows it once) and revoke one.
 */
public final class MyTokensViewModel {
    static final String SELECT_A_TOKEN = "Select a token first.";
    static final String COPIED = "Copied to the clipboard.";

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final Activity activity;
    private final ObservableList<ApiToken> tokens = FXCollections.observableArrayList();
    private final ObservableList<ApiToken> tokensView = FXCollections.unmodifiableObservableList(tokens);
    private final ReadOnlyObjectWrapper<CreatedApiToken> created = new ReadOnlyObjectWrapper<>(this, "created");
    private final ReadOnlyStringWrapper createdNotice = new ReadOnlyStringWrapper(this, "createdNotice", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    public MyTokensViewModel(BackgroundRunner runner, ServerConnection connection) {
        this.runner = runner;
        this.connection = connection;
        this.activity = new Activity(runner);
    }

    /** Loads the tokens again. */
    public void reload() {
        activity.run(() -> connection.client().me().tokens().list().items(), tokens::setAll);
    }

    /** The form that creates a token; once created, the token is listed and {@link #createdProperty()} holds it. */
    public TokenFormViewModel newTokenForm() {
        return new TokenFormViewModel(runner, connection, this::created);
    }

    private void created(CreatedApiToken token) {
        tokens.add(0, token.token());
        createdNotice.set("");
        notice.set("The token \u201c" + token.token().name() + "\u201d was created.");
        created.set(token);
    }

    /** The person copied the new token's value. */
    public void copied() {
        createdNotice.set(COPIED);
    }

    /** The person closed the dialog that showed the new token: its value is forgotten for good. */
    public void dismissCreated() {
        created.set(null);
        createdNotice.set("");
    }

    /** The question the revoke confirmation asks. */
    public String revokeQuestion(ApiToken token) {
        return "Revoke the token \u201c" + Objects.requireNonNull(token).name()
                + "\u201d? Scripts that use it stop working at once. This cannot be undone.";
    }

    /** Why "Revoke" is unavailable for {@code token}, or empty. */
    public static String revokeBlockedFor(ApiToken token) {
        return token == null ? SELECT_A_TOKEN : "";
    }

    /** Revokes {@code token}; it is refused from its next request on. */
    public void revoke(ApiToken token) {
        if (token == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().me().tokens().revoke(token.id());
                    return token;
                },
                revoked -> {
                    tokens.removeIf(t -> t.id().equals(revoked.id()));
                    notice.set("The token \u201c" + revoked.name() + "\u201d was revoked.");
                });
    }

    /** The tokens that are not revoked, newest first. */
    public ObservableList<ApiToken> tokens() {
        return tokensView;
    }

    /** The token just created, with its value, until {@link #dismissCreated()}; otherwise {@code null}. */
    public ReadOnlyObjectProperty<CreatedApiToken> createdProperty() {
        return created.getReadOnlyProperty();
    }

    /** "Copied to the clipboard." after {@link #copied()}, shown in the dialog with the new token. */
    public ReadOnlyStringProperty createdNoticeProperty() {
        return createdNotice.getReadOnlyProperty();
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
