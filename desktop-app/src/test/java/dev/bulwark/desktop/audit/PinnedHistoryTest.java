package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.desktop.DesktopPreferences;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.audit.AuditViewModel.Integrity;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.problem.ApiException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console pins the newest verified record of each server and checks on every sign-in that the history still
 * holds it. The trail is tampered with for real: the server is stopped, its H2 file changed with the append-only
 * triggers dropped, and started again.
 */
class PinnedHistoryTest {
    @TempDir
    Path dataDirectory;

    private final SameThreadRunner runner = new SameThreadRunner();

    private DesktopPreferences preferences() {
        return new DesktopPreferences(dataDirectory);
    }

    /** One sign-in's check, as the console runs it once it knows the user may read the trail. */
    private AuditViewModel checked(ServerConnection connection) {
        AuditViewModel viewModel = new AuditViewModel(runner, connection, preferences(), Clock.systemUTC());
        viewModel.checkHistory();
        return viewModel;
    }

    private static ServerConnection signIn(TestServer server) {
        ServerConnection connection = server.connect();
        connection
                .client()
                .auth()
                .login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        return connection;
    }

    private static void failToSignIn(ServerConnection connection) {
        assertThatThrownBy(() -> connection
                        .client()
                        .auth()
                        .login(new LoginRequest("mallory@example.com", Secret.of("not-the-password-at-all"))))
                .isInstanceOf(ApiException.class);
    }

    private static long newestSeq(ServerConnection connection) {
        return connection
                .client()
                .audit()
                .events(new AuditQuery(null, null, null, null, null, null, null, null, null, 1, null))
                .events()
                .getFirst()
                .seq();
    }

    /** Signs in, writes a few records and lets the console pin the history; returns the pinned sequence number. */
    private long pinAHistory() {
        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection connection = server.signedInAsAdmin();
            for (int i = 0; i < 4; i++) {
                failToSignIn(server.connect());
            }
            AuditViewModel viewModel = checked(connection);
            assertThat(viewModel.integrityProperty().get()).isEqualTo(Integrity.VERIFIED);
            return preferences()
                    .pinnedCheckpoint(connection.identity())
                    .orElseThrow()
                    .seq();
        }
    }

    @Test
    void untouchedHistory_staysVerifiedAndThePinMovesForward() {
        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection connection = server.signedInAsAdmin();
            AuditViewModel first = checked(connection);
            PinnedCheckpoint pinned =
                    preferences().pinnedCheckpoint(connection.identity()).orElseThrow();
            assertThat(first.integrityTextProperty().get()).isEqualTo("Verified up to " + pinned.seq());
            assertThat(pinned.hash())
                    .isEqualTo(connection.client().audit().event(pinned.seq()).hash());

            AuditViewModel second = checked(signIn(server));

            assertThat(second.integrityProperty().get()).isEqualTo(Integrity.VERIFIED);
            assertThat(second.historyWarningProperty().get()).isEmpty();
            assertThat(preferences()
                            .pinnedCheckpoint(connection.identity())
                            .orElseThrow()
                            .seq())
                    .isGreaterThan(pinned.seq());
        }
    }

    @Test
    void theFirstCheck_learnsTheKeysThatSignTheServersCheckpoints() {
        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection connection = server.signedInAsAdmin();

            checked(connection);

            PinnedCheckpoint pinned =
                    preferences().pinnedCheckpoint(connection.identity()).orElseThrow();
            var published = connection.client().audit().checkpoints();
            assertThat(pinned.checkpointKeys())
                    .containsOnlyKeys(published.checkpoints().getFirst().keyId());
        }
    }

    @Test
    void checkpointsResignedByAKeyThisComputerHasNotSeen_turnRed_althoughTheServerVerifiesThem() throws Exception {
        long pinned = pinAHistory();

        String foreignKey = TamperedTrail.resignNewestCheckpointWithANewKey(dataDirectory);

        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection connection = signIn(server);
            assertThat(connection.client().audit().verify().intact())
                    .as("a key sealed under the master key passes the server's own check")
                    .isTrue();

            AuditViewModel viewModel = checked(connection);

            assertThat(viewModel.integrityProperty().get()).isEqualTo(Integrity.BROKEN);
            assertThat(viewModel.integrityTextProperty().get()).isEqualTo("Checkpoints not trusted");
            assertThat(viewModel.historyWarningProperty().get())
                    .contains("signed by key " + foreignKey)
                    .contains("which this computer has not seen sign for this server")
                    .contains(AuditText.KEY_ADVICE);
            assertThat(preferences()
                            .pinnedCheckpoint(connection.identity())
                            .orElseThrow()
                            .seq())
                    .as("the old pin is kept")
                    .isEqualTo(pinned);
            assertThat(checked(signIn(server)).integrityTextProperty().get())
                    .as("still red on the next sign-in")
                    .isEqualTo("Checkpoints not trusted");
        }
    }

    @Test
    void historyCutAndWrittenAgain_turnsRedAlthoughTheChainVerifies() throws Exception {
        long pinned = pinAHistory();

        TamperedTrail.cutAfter(dataDirectory, 2);

        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection connection = signIn(server);
            while (newestSeq(connection) <= pinned) {
                failToSignIn(server.connect());
            }
            assertThat(connection.client().audit().verify().intact())
                    .as("the rewritten chain is consistent on its own")
                    .isTrue();

            AuditViewModel viewModel = checked(connection);

            String changed = "History changed since you last verified: checkpoint " + pinned + " no longer matches";
            assertThat(viewModel.integrityProperty().get()).isEqualTo(Integrity.BROKEN);
            assertThat(viewModel.integrityTextProperty().get()).isEqualTo(changed);
            assertThat(viewModel.historyWarningProperty().get()).startsWith(changed + ".");
            assertThat(preferences()
                            .pinnedCheckpoint(connection.identity())
                            .orElseThrow()
                            .seq())
                    .as("the old pin is kept")
                    .isEqualTo(pinned);

            AuditViewModel later = checked(signIn(server));
            assertThat(later.integrityTextProperty().get())
                    .as("still red on the next sign-in")
                    .isEqualTo(changed);
        }
    }

    @Test
    void historyCutShort_turnsRedAlthoughTheChainVerifies() throws Exception {
        long pinned = pinAHistory();

        TamperedTrail.cutAfter(dataDirectory, 2);

        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection connection = signIn(server);
            assertThat(newestSeq(connection)).isLessThan(pinned);

            AuditViewModel viewModel = checked(connection);

            assertThat(viewModel.integrityProperty().get()).isEqualTo(Integrity.BROKEN);
            assertThat(viewModel.integrityTextProperty().get())
                    .isEqualTo("History changed since you last verified: checkpoint " + pinned + " no longer matches");
        }
    }

    @Test
    void recordChangedInPlaceBeforeThePin_isLeftByTheSignInCheck_andFoundByVerifyNow() throws Exception {
        long pinned = pinAHistory();

        TamperedTrail.changeActorEmail(dataDirectory, 3, "someone@example.com");

        try (TestServer server = new TestServer(dataDirectory)) {
            ServerConnection connection = signIn(server);

            AuditViewModel viewModel = checked(connection);
            assertThat(viewModel.integrityProperty().get()).isEqualTo(Integrity.VERIFIED);
            long pinnedAtSignIn = preferences()
                    .pinnedCheckpoint(connection.identity())
                    .orElseThrow()
                    .seq();
            assertThat(pinnedAtSignIn).isGreaterThanOrEqualTo(pinned);

            viewModel.verify();

            assertThat(viewModel.integrityProperty().get()).isEqualTo(Integrity.BROKEN);
            assertThat(viewModel.integrityTextProperty().get()).startsWith("Broken at 3: ");
            assertThat(viewModel.historyWarningProperty().get()).startsWith("The audit trail is broken at record 3: ");
            assertThat(preferences()
                            .pinnedCheckpoint(connection.identity())
                            .orElseThrow()
                            .seq())
                    .isEqualTo(pinnedAtSignIn);
        }
    }
}
