package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.desktop.DesktopPreferences;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditHistogram.Bucket;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.problem.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.util.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineAndExportViewModelTest {
    private static final int FAILED_SIGN_INS = 3;

    @TempDir
    static Path dataDirectory;

    @TempDir
    Path exports;

    private static TestServer server;
    private static ServerConnection connection;

    private final SameThreadRunner runner = new SameThreadRunner();

    @BeforeAll
    static void recordSomeHistory() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        for (int i = 0; i < FAILED_SIGN_INS; i++) {
            assertThatThrownBy(() -> server.connect()
                            .client()
                            .auth()
                            .login(new LoginRequest("mallory@example.com", Secret.of("not-the-password-at-all"))))
                    .isInstanceOf(ApiException.class);
        }
        connection.client().groups().create(new CreateGroupRequest("Auditors", null));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private AuditViewModel audit(BackgroundRunner runner) {
        return new AuditViewModel(runner, connection, new DesktopPreferences(dataDirectory), Clock.systemUTC());
    }

    private static List<AuditEvent> everything(String action) {
        return connection
                .client()
                .audit()
                .events(new AuditQuery(null, null, null, action, null, null, null, null, null, 1_000, null))
                .events();
    }

    @Test
    void timeline_followsTheFiltersOnceTheySettle_andCountsFailuresApart() {
        AuditViewModel audit = audit(runner);
        TimelineViewModel timeline = new TimelineViewModel(runner, connection, audit);
        audit.apply();
        audit.show(QuickView.FAILED_SIGN_INS);
        audit.clearFilters();

        assertThat(runner.repeatingPeriods())
                .as("one pending read for three changes")
                .containsExactly(TimelineViewModel.SETTLE);
        assertThat(timeline.buckets()).isEmpty();
        runner.tick();

        int total = everything(null).size();
        assertThat(runner.repeatingPeriods()).isEmpty();
        assertThat(timeline.buckets().stream().mapToLong(Bucket::total).sum())
                .isBetween((long) total - 1, (long) total);
        assertThat(timeline.buckets().stream().mapToLong(Bucket::failures).sum())
                .isEqualTo(FAILED_SIGN_INS);
        assertThat(timeline.captionProperty().get()).contains("failures or denials in red");
        assertThat(timeline.problemProperty().get()).isEmpty();

        audit.apply();
        assertThat(runner.repeatingPeriods())
                .as("the same filters applied again are read again")
                .containsExactly(TimelineViewModel.SETTLE);
    }

    @Test
    void timelineOfSeveralActions_addsUpEachActionsBuckets() {
        AuditViewModel audit = audit(runner);
        TimelineViewModel timeline = new TimelineViewModel(runner, connection, audit);

        audit.show(QuickView.ADMIN_CHANGES);
        timeline.refresh();

        long adminChanges = everything(null).stream()
                .filter(e -> QuickView.ADMIN_CHANGES.action().codes().contains(e.action()))
                .count();
        assertThat(adminChanges).isPositive();
        assertThat(timeline.buckets().stream().mapToLong(Bucket::total).sum()).isEqualTo(adminChanges);
    }

    @Test
    void choosingABar_narrowsTheListToItsPeriod() {
        AuditViewModel audit = audit(runner);
        TimelineViewModel timeline = new TimelineViewModel(runner, connection, audit);
        audit.show(QuickView.FAILED_SIGN_INS);
        timeline.refresh();
        Bucket busy = timeline.buckets().stream()
                .filter(b -> b.total() > 0)
                .findFirst()
                .orElseThrow();

        timeline.choose(busy);

        Duration width = timeline.widthProperty().get();
        assertThat(audit.filters().timeRange()).isEqualTo(TimeRange.CHOSEN);
        assertThat(audit.filters().from()).isEqualTo(busy.start());
        assertThat(audit.filters().to()).isEqualTo(busy.start().plus(width));
        assertThat(audit.filters().action()).isEqualTo(QuickView.FAILED_SIGN_INS.action());
        assertThat(audit.events()).hasSize((int) busy.total()).allSatisfy(e -> assertThat(e.occurredAt())
                .isBetween(busy.start(), busy.start().plus(width)));
        runner.tick();
        assertThat(timeline.buckets().stream().mapToLong(Bucket::total).sum()).isEqualTo(busy.total());
    }

    @Test
    void exportToCsv_saysWhereAndHowMany() throws Exception {
        AuditViewModel audit = audit(runner);
        ExportViewModel export = new ExportViewModel(runner, connection, audit);
        audit.show(QuickView.FAILED_SIGN_INS);
        Path target = exports.resolve("failed.csv");

        export.export(AuditExportFormat.CSV, target);

        assertThat(export.problemProperty().get()).isEmpty();
        assertThat(export.noticeProperty().get())
                .isEqualTo("Exported " + FAILED_SIGN_INS + " events to " + target + ".");
        assertThat(export.writtenProperty().get()).isEqualTo(FAILED_SIGN_INS);
        assertThat(export.runningProperty().get()).isFalse();
        List<String> lines = Files.readAllLines(target);
        assertThat(lines).hasSize(FAILED_SIGN_INS + 1);
        assertThat(lines.subList(1, lines.size()))
                .allSatisfy(line -> assertThat(line).contains("auth.login.failure"));
        assertThat(everything("audit.export")).as("the export is audited").isNotEmpty();
    }

    @Test
    void exportAsBundle_writesAFileTheServerCanVerify() throws Exception {
        AuditViewModel audit = audit(runner);
        ExportViewModel export = new ExportViewModel(runner, connection, audit);
        audit.apply();
        Path target = exports.resolve("trail.jsonl");

        export.export(AuditExportFormat.BUNDLE, target);

        assertThat(export.noticeProperty().get()).startsWith("Exported ").endsWith(" events to " + target + ".");
        assertThat(Files.readAllLines(target).getFirst()).contains("\"type\":\"bundle\"");
    }

    @Test
    void cancelledExport_leavesNoFile() {
        QueuedRunner queued = new QueuedRunner();
        AuditViewModel audit = audit(runner);
        ExportViewModel export = new ExportViewModel(queued, connection, audit);
        audit.apply();
        Path target = exports.resolve("cancelled.csv");

        export.export(AuditExportFormat.CSV, target);
        assertThat(export.runningProperty().get()).isTrue();
        assertThat(export.progressProperty().get()).isEqualTo("Exporting…");
        export.cancel();
        queued.runAll();

        assertThat(export.runningProperty().get()).isFalse();
        assertThat(export.noticeProperty().get()).isEqualTo("Export cancelled; no file was written.");
        assertThat(target).doesNotExist();
        assertThat(exports).isEmptyDirectory();
    }

    @Test
    void severalCheckedActions_areExportedTogetherInOneFile() throws Exception {
        AuditViewModel audit = audit(runner);
        ExportViewModel export = new ExportViewModel(runner, connection, audit);
        audit.actionProperty()
                .set(ActionChoice.checked(
                        List.of(AuditAction.AUTH_LOGIN_FAILURE.code(), AuditAction.GROUP_CREATE.code())));
        audit.apply();
        Path target = exports.resolve("several.csv");

        export.export(AuditExportFormat.CSV, target);

        assertThat(export.problemProperty().get()).isEmpty();
        List<String> lines = Files.readAllLines(target);
        assertThat(lines.subList(1, lines.size())).hasSize(FAILED_SIGN_INS + 1).allSatisfy(line -> assertThat(line)
                .containsAnyOf("auth.login.failure", "group.create"));
    }

    /** Holds background work until the test lets it run, so a command can be cancelled while it waits. */
    private static final class QueuedRunner implements BackgroundRunner {
        private final List<Runnable> queued = new ArrayList<>();

        @Override
        public <T> void run(
                Supplier<? extends T> work, Consumer<? super T> onSuccess, Consumer<RuntimeException> onFailure) {
            queued.add(() -> new SameThreadRunner().run(work, onSuccess, onFailure));
        }

        @Override
        public void onUiThread(Runnable action) {
            action.run();
        }

        @Override
        public Subscription every(Duration period, Runnable action) {
            return Subscription.EMPTY;
        }

        void runAll() {
            List.copyOf(queued).forEach(Runnable::run);
            queued.clear();
        }
    }
}
