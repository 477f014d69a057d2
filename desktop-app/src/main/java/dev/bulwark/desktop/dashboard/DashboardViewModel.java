package dev.bulwark.desktop.dashboard;

import dev.bulwark.desktop.audit.ActionChoice;
import dev.bulwark.desktop.audit.AuditFilters;
import dev.bulwark.desktop.audit.TimeRange;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditSummary;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureReport;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.server.ServerStatus;
import dev.bulwark.model.user.User;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * The dashboard: the server's status, its security posture, what happened in the last 24 hours or 7 days, and the
 * signed-in user, refreshed on demand and every 30 seconds.
 */
public final class DashboardViewModel implements AutoCloseable {
    /** The periods the activity card offers. */
    public enum Period {
        DAY("24h", "Last 24 hours", TimeRange.LAST_DAY),
        WEEK("7d", "Last 7 days", TimeRange.LAST_WEEK);

        private final String code;
        private final String label;
        private final TimeRange range;

        Period(String code, String label, TimeRange range) {
            this.code = code;
            this.label = label;
            this.range = range;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One kind of security event on the activity card.
     *
     * @param key the summary's key, also the tile's id
     * @param label what kind of event
     * @param total how many in the period, as shown ("1,204")
     * @param buckets how many per bucket, oldest first, for the sparkline
     * @param alarming whether any happened and the kind is one a security officer looks at first
     */
    public record ActivityTile(String key, String label, String total, List<Long> buckets, boolean alarming) {}

    /** How often the dashboard refreshes by itself while on screen. */
    public static final Duration REFRESH_PERIOD = Duration.ofSeconds(30);

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final Clock clock;
    private final Activity work;
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
    private final ObjectProperty<Period> period = new SimpleObjectProperty<>(this, "period", Period.DAY);
    private final ObservableList<ActivityTile> activity = FXCollections.observableArrayList();
    private final ObservableList<ActivityTile> activityView = FXCollections.unmodifiableObservableList(activity);
    private final ReadOnlyStringWrapper activityNote = new ReadOnlyStringWrapper(this, "activityNote", "");
    private AuditSummary summary;
    private Consumer<AuditFilters> openAudit = filters -> {};

    public DashboardViewModel(BackgroundRunner runner, ServerConnection connection, Clock clock) {
        this.runner = runner;
        this.connection = connection;
        this.clock = clock;
        this.work = new Activity(runner);
        period.addListener((observable, old, now) -> refresh());
    }

    /** Where a click on an activity tile goes: the audit page with these filters. */
    public void onOpenAudit(Consumer<AuditFilters> openAudit) {
        this.openAudit = openAudit;
    }

    /** Opens the audit page filtered to the events behind tile {@code key} over the period on show. */
    public void openActivity(String key) {
        if (summary == null) {
            return;
        }
        summary.series().stream()
                .filter(s -> s.key().equals(key))
                .findFirst()
                .ifPresent(s -> openAudit.accept(new AuditFilters(
                        period.get().range,
                        null,
                        null,
                        new ActionChoice(s.label(), codes(s.actions())),
                        null,
                        "",
                        "",
                        "")));
    }

    /** The action codes behind a summary's actions, where {@code user.*} stands for every {@code user.} action. */
    static List<String> codes(List<String> actions) {
        return Arrays.stream(AuditAction.values())
                .map(AuditAction::code)
                .filter(code -> actions.stream()
                        .anyMatch(a ->
                                a.endsWith(".*") ? code.startsWith(a.substring(0, a.length() - 1)) : code.equals(a)))
                .toList();
    }

    /** Loads now and then every {@link #REFRESH_PERIOD} until {@link #close()}. */
    public void start() {
        refresh();
        autoRefresh.unsubscribe();
        autoRefresh = runner.every(REFRESH_PERIOD, this::refresh);
    }

    /** Loads the server's status and the signed-in user again. */
    public void refresh() {
        Period shown = period.get();
        work.run(
                () -> new Snapshot(
                        connection.client().server().status(),
                        connection.client().me().get(),
                        postureOrNull(),
                        summaryOrNull(shown)),
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

    /** The activity summary, or {@code null} when the signed-in user may not read the audit trail. */
    private AuditSummary summaryOrNull(Period shown) {
        try {
            return connection.client().audit().summary(shown.code);
        } catch (ApiException e) {
            if (e.type() == ProblemType.FORBIDDEN) {
                return null;
            }
            throw e;
        }
    }

    private void showActivity(AuditSummary shown) {
        summary = shown;
        if (shown == null) {
            activity.clear();
            activityNote.set("Reading what happened needs READ access to the audit trail.");
            return;
        }
        activity.setAll(shown.series().stream()
                .map(s -> new ActivityTile(
                        s.key(),
                        s.label(),
                        String.format("%,d", s.total()),
                        s.buckets(),
                        s.total() > 0 && !s.key().equals("admin-changes")))
                .toList());
        activityNote.set("Per " + (shown.bucketHours() == 1 ? "hour" : shown.bucketHours() + " hours") + ", up to "
                + Formats.dateTime(shown.to()) + ". Choose a kind to review its events.");
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
        showActivity(snapshot.summary());
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

    private record Snapshot(ServerStatus status, User user, PostureReport posture, AuditSummary summary) {}

    /** The period the activity card shows; changing it reads the summary again. */
    public ObjectProperty<Period> periodProperty() {
        return period;
    }

    /** The activity tiles of the last refresh; empty when the user may not read the trail. */
    public ObservableList<ActivityTile> activity() {
        return activityView;
    }

    /** What the tiles count and how, or why they are not shown. */
    public ReadOnlyStringProperty activityNoteProperty() {
        return activityNote.getReadOnlyProperty();
    }

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
        return work.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return work.problemProperty();
    }
}
