package dev.bulwark.desktop.dashboard;

import dev.bulwark.desktop.audit.ActionChoice;
import dev.bulwark.desktop.audit.AuditFilters;
import dev.bulwark.desktop.audit.TimeRange;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
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

    /** How often the newest security events are read again while on screen: one small query each time. */
    public static final Duration RECENT_PERIOD = Duration.ofSeconds(5);

    /** How many of the newest security events the dashboard lists. */
    public static final int RECENT_EVENTS = 20;

    /** What the dashboard lists as security events: sign-in trouble, denials, reveals, exports, failed backups. */
    public static final List<AuditAction> SECURITY_EVENTS = List.of(
            AuditAction.AUTH_LOGIN_FAILURE,
            AuditAction.AUTH_MFA_FAILURE,
            AuditAction.AUTH_LOCKOUT,
            AuditAction.AUTH_NEW_IP,
            AuditAction.AUTH_REFRESH_REUSE,
            AuditAction.PERMISSION_DENIED,
            AuditAction.RATE_LIMIT,
            AuditAction.VAULT_ENTRY_REVEAL,
            AuditAction.VAULT_ENTRY_COPY,
            AuditAction.AUDIT_EXPORT,
            AuditAction.BACKUP_FAILURE);

    private static final ActionChoice FAILED_SIGN_INS =
            ActionChoice.of("Failed sign-ins", AuditAction.AUTH_LOGIN_FAILURE, AuditAction.AUTH_MFA_FAILURE);

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
    private final ObservableList<Long> failedHourly = FXCollections.observableArrayList();
    private final ObservableList<Long> failedHourlyView = FXCollections.unmodifiableObservableList(failedHourly);
    private final ObservableList<AuditSummary.Source> topAddresses = FXCollections.observableArrayList();
    private final ObservableList<AuditSummary.Source> topAddressesView =
            FXCollections.unmodifiableObservableList(topAddresses);
    private final ObservableList<AuditSummary.Source> topAccounts = FXCollections.observableArrayList();
    private final ObservableList<AuditSummary.Source> topAccountsView =
            FXCollections.unmodifiableObservableList(topAccounts);
    private final ReadOnlyStringWrapper failedNote = new ReadOnlyStringWrapper(this, "failedNote", "");
    private final ObservableList<AuditEvent> recent = FXCollections.observableArrayList();
    private final ObservableList<AuditEvent> recentView = FXCollections.unmodifiableObservableList(recent);
    private final ReadOnlyStringWrapper recentNote = new ReadOnlyStringWrapper(this, "recentNote", "");
    private Subscription recentRefresh = Subscription.EMPTY;
    private boolean readingRecent;
    /** Whether the signed-in user may read the trail, as far as the last answer told; the recent list needs it. */
    private boolean mayReadAudit = true;

    private boolean shown = true;

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

    /**
     * Opens the audit page on the failed sign-ins of the period from {@code address}.
     */
    public void openAddress(String address) {
        openAudit.accept(new AuditFilters(period.get().range, null, null, FAILED_SIGN_INS, null, "", address, ""));
    }

    /** Opens the audit page on the failed sign-ins of the period that tried {@code account} (an email). */
    public void openAccount(String account) {
        openAudit.accept(new AuditFilters(period.get().range, null, null, FAILED_SIGN_INS, null, account, "", ""));
    }

    /** Opens the audit page on the events of {@code event}'s action over the period, from its actor. */
    public void openEvent(AuditEvent event) {
        String actor = event.actor() == null
                ? ""
                : event.actor().userId() != null
                        ? event.actor().userId().toString()
                        : event.actor().email() == null ? "" : event.actor().email();
        ActionChoice action =
                AuditAction.fromCode(event.action()).map(ActionChoice::of).orElse(ActionChoice.any());
        openAudit.accept(new AuditFilters(period.get().range, null, null, action, null, actor, "", ""));
    }

    /**
     * Loads now and then, while the dashboard is shown, every {@link #REFRESH_PERIOD}, and the newest security
     * events every {@link #RECENT_PERIOD}, until {@link #close()}.
     */
    public void start() {
        refresh();
        schedule();
    }

    /**
     * Whether the dashboard is on screen: while it is not, nothing is read by itself; when it comes back it reads
     * everything at once and goes on refreshing.
     */
    public void setShown(boolean shown) {
        if (shown == this.shown) {
            return;
        }
        this.shown = shown;
        if (shown) {
            refresh();
            schedule();
        } else {
            autoRefresh.unsubscribe();
            recentRefresh.unsubscribe();
            autoRefresh = Subscription.EMPTY;
            recentRefresh = Subscription.EMPTY;
        }
    }

    private void schedule() {
        autoRefresh.unsubscribe();
        recentRefresh.unsubscribe();
        autoRefresh = runner.every(REFRESH_PERIOD, this::refresh);
        recentRefresh = runner.every(RECENT_PERIOD, this::refreshRecent);
    }

    /**
     * Reads the newest {@link #RECENT_EVENTS} security events again, unless a read is under way or the user may not
     * read the trail.
     */
    public void refreshRecent() {
        if (readingRecent || !mayReadAudit) {
            return;
        }
        readingRecent = true;
        runner.run(
                this::recentOrNull,
                events -> {
                    readingRecent = false;
                    mayReadAudit = events != null;
                    showRecent(events);
                },
                failure -> {
                    readingRecent = false;
                    recentNote.set("The newest events could not be read: "
                            + dev.bulwark.desktop.ui.Problems.describe(failure));
                });
    }

    private void showRecent(List<AuditEvent> events) {
        if (events == null) {
            recent.clear();
            recentNote.set("Reading the audit trail needs READ access to it.");
            return;
        }
        if (!events.equals(recent)) {
            recent.setAll(events);
        }
        recentNote.set(
                events.isEmpty()
                        ? "No security events yet."
                        : "Updated every " + RECENT_PERIOD.toSeconds()
                                + " seconds. Double-click one to review its kind.");
    }

    /** Loads the server's status and the signed-in user again. */
    public void refresh() {
        Period shown = period.get();
        work.run(
                () -> new Snapshot(
                        connection.client().server().status(),
                        connection.client().me().get(),
                        postureOrNull(),
                        summaryOrNull(shown),
                        recentOrNull()),
                this::show);
    }

    /** The newest security events, or {@code null} when the signed-in user may not read the audit trail. */
    private List<AuditEvent> recentOrNull() {
        try {
            return connection
                    .client()
                    .audit()
                    .events(new AuditQuery(null, null, null, null, null, null, null, null, null, RECENT_EVENTS, null)
                            .withActions(SECURITY_EVENTS.stream()
                                    .map(AuditAction::code)
                                    .toList()))
                    .events();
        } catch (ApiException e) {
            if (e.type() == ProblemType.FORBIDDEN) {
                return null;
            }
            throw e;
        }
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
            failedHourly.clear();
            topAddresses.clear();
            topAccounts.clear();
            failedNote.set("");
            return;
        }
        AuditSummary.FailedSignIns failed = shown.failedSignIns();
        failedHourly.setAll(failed.hourly());
        topAddresses.setAll(failed.topAddresses());
        topAccounts.setAll(failed.topAccounts());
        long total = failed.hourly().stream().mapToLong(Long::longValue).sum();
        failedNote.set(
                total == 0
                        ? "No failed sign-ins in the " + period.get().label().toLowerCase(java.util.Locale.ROOT) + "."
                        : String.format(
                                "%,d failed sign-in%s, hour by hour. Choose an address or account to review its"
                                        + " attempts.",
                                total, total == 1 ? "" : "s"));
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
        mayReadAudit = snapshot.recent() != null;
        showRecent(snapshot.recent());
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
        recentRefresh.unsubscribe();
        recentRefresh = Subscription.EMPTY;
    }

    private record Snapshot(
            ServerStatus status, User user, PostureReport posture, AuditSummary summary, List<AuditEvent> recent) {}

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

    /** Failed sign-ins per hour over the period, oldest first; empty when the user may not read the trail. */
    public ObservableList<Long> failedSignInsHourly() {
        return failedHourlyView;
    }

    /** The addresses most failed sign-ins of the period came from, most first. */
    public ObservableList<AuditSummary.Source> topAddresses() {
        return topAddressesView;
    }

    /** The accounts most failed sign-ins of the period tried, most first. */
    public ObservableList<AuditSummary.Source> topAccounts() {
        return topAccountsView;
    }

    /** How many failed sign-ins the chart shows, in a sentence. */
    public ReadOnlyStringProperty failedNoteProperty() {
        return failedNote.getReadOnlyProperty();
    }

    /** The newest security events, newest first; empty when the user may not read the trail. */
    public ObservableList<AuditEvent> recentEvents() {
        return recentView;
    }

    /** How the recent events are kept up to date, or why they are not shown. */
    public ReadOnlyStringProperty recentNoteProperty() {
        return recentNote.getReadOnlyProperty();
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
