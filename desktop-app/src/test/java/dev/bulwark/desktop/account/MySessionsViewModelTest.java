package dev.bulwark.desktop.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.SessionInfo;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MySessionsViewModelTest {
    @TempDir
    Path dataDirectory;

    private TestServer server;
    private ServerConnection connection;
    private MySessionsViewModel viewModel;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        viewModel = new MySessionsViewModel(new SameThreadRunner(), connection);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ServerConnection elsewhere() {
        ServerConnection other = server.connect();
        other.client().auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        return other;
    }

    @Test
    void reload_marksThisSession_andItCannotBeEndedHere() {
        elsewhere();

        viewModel.reload();

        assertThat(viewModel.sessions()).hasSize(2);
        SessionInfo mine = viewModel.sessions().stream()
                .filter(SessionInfo::current)
                .findFirst()
                .orElseThrow();
        assertThat(mine.id())
                .isEqualTo(connection.client().session().orElseThrow().sessionId());
        assertThat(MySessionsViewModel.endBlockedFor(mine)).isEqualTo(MySessionsViewModel.THIS_SESSION);
        assertThat(MySessionsViewModel.endBlockedFor(null)).isEqualTo(MySessionsViewModel.SELECT_A_SESSION);
        assertThat(viewModel.endOthersBlocked()).isEmpty();
    }

    @Test
    void endingAnotherSession_signsThatDeviceOut() {
        ServerConnection laptop = elsewhere();
        viewModel.reload();
        SessionInfo other = viewModel.sessions().stream()
                .filter(s -> !s.current())
                .findFirst()
                .orElseThrow();

        viewModel.end(other);

        assertThat(viewModel.sessions()).singleElement().matches(SessionInfo::current);
        assertThat(viewModel.noticeProperty().get()).isEqualTo("The session was ended.");
        assertThat(Assertions.catchThrowableOfType(
                                ApiException.class, () -> laptop.client().me().get())
                        .type())
                .isEqualTo(ProblemType.SESSION_EXPIRED);
    }

    @Test
    void endOthers_keepsOnlyThisSession() {
        elsewhere();
        elsewhere();
        viewModel.reload();

        viewModel.endOthers();

        assertThat(viewModel.sessions()).singleElement().matches(SessionInfo::current);
        assertThat(viewModel.noticeProperty().get()).isEqualTo("2 other sessions were ended.");
        assertThat(viewModel.endOthersBlocked()).isEqualTo(MySessionsViewModel.NO_OTHERS);
        assertThat(connection.client().me().get().email()).isEqualTo(TestServer.ADMIN_EMAIL);
    }
}
