package dev.bulwark.desktop.dashboard;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureReport;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.server.ServerStatus;
import dev.bulwark.model.user.User;
import java.time.Clock;
import java.time.Duration;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * The dashboard: the server's status, its security posture and the signed-in user, refreshed on demand and every
 * 30 seconds.
 */
public final class DashboardViewModel implements AutoCloseable {
    /** How often the dashboard refreshes by itself while on screen. */
    public static final Duration REFRESH_PERIOD = Duration.ofSeconds(30);

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final Clock clock;
    private final Activity activity;
    private Subscription autoRefresh = Subscription.EMPTY;

    private final ReadOnlyStringWrapper version = new ReadOnlyStringWrapper(this, "version", "");
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper(this, "mode", "");
    private final ReadOnlyStringWrapper dataDirectory = new ReadOnlyStringWrapper(this, "dataDirectory", "");
    private final ReadOnlyStringWrapper database = new ReadOnlyStringWrapper(this, "database", "");
    private final ReadOnlyStringWrapper uptime = new ReadOnlyStringWrapper(this, "uptime", "");
    private final ReadOnlyStringWrapper javaVersion = new ReadOnlyStringWrapper(this, "javaVersion", "");
    private final ReadOnlyStringWrapper email = new ReadOnlyStringWrapper(this, "email", "");
    private final ReadOnlyStringWrapper displayName = new ReadOnlyStringWrapper(this, "displayName", "");
    private final ReadOnlyStringWrapper role = new ReadOnlyStringWrapper(this, "role", "");
    private final ReadOnlyStringWrapper lastSignIn = new ReadOnlyStringWrapper(this, "lastSignIn", "");
    private final ReadOnlyStringWrapper updatedAt = new ReadOnlyStringWrapper(this, "updatedAt", "");
    private final ObservableList<PostureCheck> postureChecks = FXCollections.observableArrayList();
    private final ObservableList<PostureCheck> postureChecksView =
            FXCollections.unmodifiableObservableList(postureChecks);
    private final ReadOnlyStringWrapper postureScore = new ReadOnlyStringWrapper(this, "postureScore", "");
    private final ReadOnlyStringWrapper postureSummary = new ReadOnlyStringWrapper(this, "postureSummary", "");
    private final ReadOnlyObjectWrapper<PostureStatus> postureGrade =
            new ReadOnlyObjectWrapper<>(this, "postureGrade", null);

    public DashboardViewModel(BackgroundRunner runner, ServerConnection connection, Clock clock) {
        this.runner = runner;
        this.connection = connection;
        this.clock = clock;
        this.activity = new Activity(runner);
    }

    /** Loads now and then every {@link #REFRESH_PERIOD} until {@link #close()}. */
    public void start() {
        refresh();
        autoRefresh.unsubscribe();
        autoRefresh = runner.every(REFRESH_PERIOD, this::refresh);
    }

    /** Loads the server's status and the signed-in user again. */
    public void refresh() {
        activity.run(
                () -> new Snapshot(
                        connection.client().server().status(),
                        connection.client().me().get(),
                        postureOrNull()),
                this::show);
    }

    /** The posture report, or {@code null} when the signed-in user may not read it. */
    private PostureReport postureOrNull() {
        try {
            return connection.client().posture().report();
        } catch (ApiException e) {
            if (e.type() == ProblemType.FORBIDDEN) {
                return null;
            }
            throw e;
        }
    }

    private void show(Snapshot snapshot) {
        ServerStatus status = snapshot.status();
        version.set(status.version());
        mode.set(Formats.mode(status.mode()));
        dataDirectory.set(status.dataDirectory());
        database.set(status.database());
        uptime.set(Formats.uptime(status.uptimeSeconds()));
        javaVersion.set(status.javaVersion());
        User user = snapshot.user();
        email.set(user.email());
        displayName.set(user.displayName());
        role.set(Formats.role(user.role()));
        lastSignIn.set(Formats.dateTime(user.lastLoginAt()));
        updatedAt.set("Updated " + Formats.dateTime(clock.instant()));
        showPosture(snapshot.posture());
    }

    private void showPosture(PostureReport report) {
        if (report == null) {
            postureChecks.clear();
            postureGrade.set(null);
            postureScore.set("Not available");
            postureSummary.set("Reading the posture report needs READ access to Settings.");
            return;
        }
        postureChecks.setAll(report.checks());
        postureGrade.set(
                report.failures() > 0
                        ? PostureStatus.FAIL
                        : report.warnings() > 0 ? PostureStatus.WARN : PostureStatus.PASS);
        postureScore.set(report.passed() + " / " + report.total());
        postureSummary.set(report.passed() + " of " + report.total() + " checks pass, "
                + count(report.warnings(), "warning") + ", " + count(report.failures(), "failure") + ".");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Stops refreshing by itself. */
    @Override
    public void close() {
        autoRefresh.unsubscribe();
        autoRefresh = Subscription.EMPTY;
    }

    private record Snapshot(ServerStatus status, User user, PostureReport posture) {}

    /** The posture checks of the last refresh, in the report's order; empty when not available. */
    public ObservableList<PostureCheck> postureChecks() {
        return postureChecksView;
    }

    /** The score, "passed / total", or "Not available". */
    public ReadOnlyStringProperty postureScoreProperty() {
        return postureScore.getReadOnlyProperty();
    }

    /** One sentence counting passes, warnings and failures, or why the report is not shown. */
    public ReadOnlyStringProperty postureSummaryProperty() {
        return postureSummary.getReadOnlyProperty();
    }

    /** The worst verdict of the report, which colours the score; {@code null} when not available. */
    public ReadOnlyObjectProperty<PostureStatus> postureGradeProperty() {
        return postureGrade.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dataDirectoryProperty() {
        return dataDirectory.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty databaseProperty() {
        return database.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty uptimeProperty() {
        return uptime.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty javaVersionProperty() {
        return javaVersion.getReadOnlyProperty();
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

    public ReadOnlyStringProperty lastSignInProperty() {
        return lastSignIn.getReadOnlyProperty();
    }

    /** "Updated" and the time of the last successful refresh. */
    public ReadOnlyStringProperty updatedAtProperty() {
        return updatedAt.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
