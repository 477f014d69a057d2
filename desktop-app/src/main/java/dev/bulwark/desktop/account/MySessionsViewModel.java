package dev.bulwark.desktop.account;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.auth.SessionInfo;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** "My account → Sessions": the signed-in user's sessions, this one marked; end one or all the others. */
public final class MySessionsViewModel {
    static final String SELECT_A_SESSION = "Select a session first.";
    static final String THIS_SESSION = "This is the session you are using. Sign out to end it.";
    static final String NO_OTHERS = "There are no other sessions.";

    private final ServerConnection connection;
    private final Activity activity;
    private final ObservableList<SessionInfo> sessions = FXCollections.observableArrayList();
    private final ObservableList<SessionInfo> sessionsView = FXCollections.unmodifiableObservableList(sessions);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    public MySessionsViewModel(BackgroundRunner runner, ServerConnection connection) {
        this.connection = connection;
        this.activity = new Activity(runner);
    }

    /** Loads the sessions again. */
    public void reload() {
        activity.run(() -> connection.client().me().sessions().items(), sessions::setAll);
    }

    /** Why {@code session} cannot be ended here, or empty when it can. */
    public static String endBlockedFor(SessionInfo session) {
        if (session == null) {
            return SELECT_A_SESSION;
        }
        return session.current() ? THIS_SESSION : "";
    }

    /** Why "End all other sessions" is unavailable, or empty. */
    public String endOthersBlocked() {
        return sessions.stream().anyMatch(s -> !s.current()) ? "" : NO_OTHERS;
    }

    /** Ends {@code session}, which must not be the current one; it is refused from its next request on. */
    public void end(SessionInfo session) {
        if (!endBlockedFor(session).isEmpty()) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().me().endSession(session.id());
                    return connection.client().me().sessions().items();
                },
                remaining -> {
                    sessions.setAll(remaining);
                    notice.set("The session was ended.");
                });
    }

    /** Ends every session but this one. */
    public void endOthers() {
        List<SessionInfo> others = sessions.stream().filter(s -> !s.current()).toList();
        if (others.isEmpty()) {
            return;
        }
        activity.run(
                () -> {
                    others.forEach(s -> connection.client().me().endSession(s.id()));
                    return connection.client().me().sessions().items();
                },
                remaining -> {
                    sessions.setAll(remaining);
                    notice.set(
                            others.size() == 1
                                    ? "1 other session was ended."
                                    : others.size() + " other sessions were ended.");
                });
    }

    /** The sessions, newest first. */
    public ObservableList<SessionInfo> sessions() {
        return sessionsView;
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
