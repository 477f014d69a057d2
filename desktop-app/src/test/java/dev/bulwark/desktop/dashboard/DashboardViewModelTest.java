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

        assertThat(viewModel.postureChecks()).hasSize(16);
        assertThat(viewModel.postureChecks().getFirst().id()).isEqualTo("master-key");
        long passed = viewModel.postureChecks().stream()
                .filter(c -> c.status() == PostureStatus.PASS)
                .count();
        assertThat(viewModel.postureScoreProperty().get()).isEqualTo(passed + " / 16");
        // the test server hashes with 1,000 iterations: a failure
        assertThat(viewModel.postureGradeProperty().get()).isEqualTo(PostureStatus.FAIL);
        assertThat(viewModel.postureSummaryProperty().get())
                .startsWith(passed + " of 16 checks pass")
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
        assertThat(runner.repeatingPeriods()).containsExactly(Duration.ofSeconds(30));
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
