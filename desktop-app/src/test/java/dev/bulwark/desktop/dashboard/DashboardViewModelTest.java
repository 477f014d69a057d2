package dev.bulwark.desktop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardViewModelTest {
    @TempDir
    static Path dataDirectory;

    private static TestServer server;
    private static ServerConnection connection;

    private final SameThreadRunner runner = new SameThreadRunner();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void refresh_showsTheServerAndTheSignedInUser() {
        DashboardViewModel viewModel = new DashboardViewModel(runner, connection, clock);

        viewModel.refresh();

        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(viewModel.versionProperty().get()).isNotBlank();
        assertThat(viewModel.modeProperty().get()).isEqualTo("Embedded in this app");
        assertThat(Path.of(viewModel.dataDirectoryProperty().get()))
                .isEqualTo(dataDirectory.toAbsolutePath().normalize());
        assertThat(viewModel.databaseProperty().get()).containsIgnoringCase("H2");
        assertThat(viewModel.uptimeProperty().get()).isNotBlank();
        assertThat(viewModel.emailProperty().get()).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(viewModel.displayNameProperty().get()).isEqualTo(TestServer.ADMIN_NAME);
        assertThat(viewModel.roleProperty().get()).isEqualTo("Administrator");
        assertThat(viewModel.lastSignInProperty().get()).isNotEqualTo("Never");
        assertThat(viewModel.updatedAtProperty().get()).startsWith("Updated ");
    }

    @Test
    void refresh_showsThePostureScoreColouredByTheWorstVerdictAndEveryCheck() {
        DashboardViewModel viewModel = new DashboardViewModel(runner, connection, clock);

        viewModel.refresh();

        assertThat(viewModel.postureChecks()).hasSize(17);
        assertThat(viewModel.postureChecks().getFirst().id()).isEqualTo("master-key");
        long passed = viewModel.postureChecks().stream()
                .filter(c -> c.status() == PostureStatus.PASS)
                .count();
        assertThat(viewModel.postureScoreProperty().get()).isEqualTo(passed + " / 17");
        // the test server hashes with 1,000 iterations: a failure
        assertThat(viewModel.postureGradeProperty().get()).isEqualTo(PostureStatus.FAIL);
        assertThat(viewModel.postureSummaryProperty().get())
                .startsWith(passed + " of 17 checks pass")
                .contains("2 failures");
    }

    @Test
    void aUserWithoutSettingsRead_seesTheDashboardWithThePostureMarkedNotAvailable() {
        connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "uma@example.com", "Uma", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), null));
        ServerConnection uma = server.connect();
        uma.client().auth().login(new LoginRequest("uma@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        DashboardViewModel viewModel = new DashboardViewModel(runner, uma, clock);

        viewModel.refresh();

        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(viewModel.emailProperty().get()).isEqualTo("uma@example.com");
        assertThat(viewModel.postureChecks()).isEmpty();
        assertThat(viewModel.postureScoreProperty().get()).isEqualTo("Not available");
        assertThat(viewModel.postureSummaryProperty().get()).contains("READ access to Settings");
    }

    @Test
    void start_refreshesNowAndEveryThirtySeconds() {
        DashboardViewModel viewModel = new DashboardViewModel(runner, connection, clock);

        viewModel.start();

        assertThat(viewModel.versionProperty().get()).isNotBlank();
        assertThat(runner.repeatingPeriods()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    @Test
    void whileAnotherPageIsShown_nothingIsReadByItself_andComingBackReadsAtOnce() {
        DashboardViewModel viewModel = new DashboardViewModel(runner, connection, clock);
        viewModel.start();

        viewModel.setShown(false);
        assertThat(runner.repeatingPeriods()).isEmpty();

        viewModel.setShown(true);
        assertThat(runner.repeatingPeriods()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(5));
        viewModel.close();
        assertThat(runner.repeatingPeriods()).isEmpty();
    }

    @Test
    void failedSignIns_comeHourByHour_withTheirTopAccount_whichOpensTheTrailOnIt() {
        for (int i = 0; i < 2; i++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.connect()
                            .client()
                            .auth()
                            .login(new LoginRequest("oscar@example.com", Secret.of("not-the-password-at-all"))))
                    .isInstanceOf(dev.bulwark.model.problem.ApiException.class);
        }
        DashboardViewModel viewModel = new DashboardViewModel(runner, connection, clock);
        java.util.List<dev.bulwark.desktop.audit.AuditFilters> opened = new java.util.ArrayList<>();
        viewModel.onOpenAudit(opened::add);

        viewModel.refresh();

        assertThat(viewModel.failedSignInsHourly()).hasSize(24);
        assertThat(viewModel.failedSignInsHourly().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isGreaterThanOrEqualTo(2);
        assertThat(viewModel.topAccounts())
                .contains(new dev.bulwark.model.audit.AuditSummary.Source("oscar@example.com", 2));
        assertThat(viewModel.topAddresses()).isNotEmpty();
        assertThat(viewModel.failedNoteProperty().get()).contains("failed sign-ins, hour by hour");
        viewModel.openAccount("oscar@example.com");
        viewModel.openAddress("127.0.0.1");
        assertThat(opened).hasSize(2);
        assertThat(opened.getFirst().actor()).isEqualTo("oscar@example.com");
        assertThat(opened.getFirst().action().codes()).containsExactly("auth.login.failure", "auth.mfa.failure");
        assertThat(opened.get(1).ip()).isEqualTo("127.0.0.1");

        assertThat(viewModel.recentEvents()).isNotEmpty().allSatisfy(e -> assertThat(DashboardViewModel.SECURITY_EVENTS)
                .extracting(dev.bulwark.model.audit.AuditAction::code)
                .contains(e.action()));
        assertThat(viewModel.recentEvents().getFirst().action()).isEqualTo("auth.login.failure");
    }

    @Test
    void theRecentEvents_areReadAgainOnTheirOwnTick_andNotForSomeoneWithoutAuditRead() {
        DashboardViewModel viewModel = new DashboardViewModel(runner, connection, clock);
        viewModel.start();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.connect()
                        .client()
                        .auth()
                        .login(new LoginRequest("peggy@example.com", Secret.of("not-the-password-at-all"))))
                .isInstanceOf(dev.bulwark.model.problem.ApiException.class);

        viewModel.refreshRecent();

        assertThat(viewModel.recentEvents()).hasSizeLessThanOrEqualTo(DashboardViewModel.RECENT_EVENTS);
        assertThat(viewModel.recentEvents().getFirst().actor().email()).isEqualTo("peggy@example.com");
        viewModel.close();

        connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "vic@example.com", "Vic", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), null));
        ServerConnection vic = server.connect();
        vic.client().auth().login(new LoginRequest("vic@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        DashboardViewModel vics = new DashboardViewModel(runner, vic, clock);
        vics.refresh();
        vics.refreshRecent();
        assertThat(vics.recentEvents()).isEmpty();
        assertThat(vics.recentNoteProperty().get()).contains("READ access");
        assertThat(vics.failedSignInsHourly()).isEmpty();
    }

    @Test
    void tick_refreshesAgain() {
        DashboardViewModel viewModel = new DashboardViewModel(runner, connection, clock);
        viewModel.start();
        String before = viewModel.uptimeProperty().get();

        sleepOverOneSecond();
        runner.tick();

        assertThat(viewModel.uptimeProperty().get()).isNotEqualTo(before);
    }

    @Test
    void close_stopsTheRepeatingRefresh() {
        DashboardViewModel viewModel = new DashboardViewModel(runner, connection, clock);
        viewModel.start();

        viewModel.close();

        assertThat(runner.repeatingPeriods()).isEmpty();
    }

    @Test
    void signedOut_showsASentenceInsteadOfData() {
        ServerConnection signedOut = server.connect();
        DashboardViewModel viewModel = new DashboardViewModel(runner, signedOut, clock);

        viewModel.refresh();

        assertThat(viewModel.problemProperty().get()).isEqualTo("You are not signed in.");
        assertThat(viewModel.versionProperty().get()).isEmpty();
    }

    private static void sleepOverOneSecond() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
