package dev.bulwark.desktop.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.token.ApiToken;
import dev.bulwark.model.token.CreatedApiToken;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MyTokensViewModelTest {
    @TempDir
    Path dataDirectory;

    private TestServer server;
    private ServerConnection connection;
    private AccountViewModel account;
    private MyTokensViewModel viewModel;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        account = new AccountViewModel(
                new SameThreadRunner(),
                connection,
                connection.client().session().orElseThrow().user());
        viewModel = account.tokens();
        account.reload();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void create_holdsTheValueOnce_listsTheToken_andTheValueWorks() {
        TokenFormViewModel form = viewModel.newTokenForm();
        form.nameProperty().set("  nightly backup ");
        form.expiresInDaysProperty().set(30);
        form.moduleProperty(Module.AUDIT).set(true);
        form.readOnlyProperty().set(true);

        form.save();

        assertThat(form.doneProperty().get()).isTrue();
        CreatedApiToken created = viewModel.createdProperty().get();
        assertThat(created.value().reveal()).startsWith("bwk_");
        assertThat(created.toString()).doesNotContain(created.value().reveal());
        ApiToken listed = viewModel.tokens().getFirst();
        assertThat(listed.name()).isEqualTo("nightly backup");
        assertThat(listed.modules()).containsExactly(Module.AUDIT);
        assertThat(listed.readOnly()).isTrue();
        assertThat(listed.expiresAt()).isBefore(Instant.now().plus(Duration.ofDays(31)));
        BulwarkClient script = BulwarkClient.withApiToken(connection.client().baseUri(), created.value());
        assertThat(script.me().get().email()).isEqualTo(TestServer.ADMIN_EMAIL);

        viewModel.copied();
        assertThat(viewModel.createdNoticeProperty().get()).isEqualTo(MyTokensViewModel.COPIED);
        viewModel.dismissCreated();
        assertThat(viewModel.createdProperty().get()).isNull();
        assertThat(viewModel.createdNoticeProperty().get()).isEmpty();
    }

    @Test
    void create_withoutAName_saysSoAndSendsNothing() {
        TokenFormViewModel form = viewModel.newTokenForm();
        form.nameProperty().set("   ");

        form.save();

        assertThat(form.nameErrorProperty().get()).isEqualTo(TokenFormViewModel.ENTER_NAME);
        assertThat(form.doneProperty().get()).isFalse();
        assertThat(connection.client().me().tokens().list().items()).isEmpty();
    }

    @Test
    void revoke_removesTheToken_andItStopsWorking() {
        TokenFormViewModel form = viewModel.newTokenForm();
        form.nameProperty().set("ci");
        form.save();
        CreatedApiToken created = viewModel.createdProperty().get();
        viewModel.dismissCreated();

        viewModel.revoke(viewModel.tokens().getFirst());

        assertThat(viewModel.tokens()).isEmpty();
        assertThat(viewModel.noticeProperty().get()).isEqualTo("The token \u201cci\u201d was revoked.");
        assertThat(viewModel.problemProperty().get()).isEmpty();
        BulwarkClient script = BulwarkClient.withApiToken(connection.client().baseUri(), created.value());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> script.me().get()))
                .isInstanceOf(dev.bulwark.model.problem.ApiException.class);
    }

    @Test
    void changingThePassword_revokesTheTokens_andTheListShowsIt() {
        TokenFormViewModel form = viewModel.newTokenForm();
        form.nameProperty().set("ci");
        form.save();
        assertThat(viewModel.tokens()).hasSize(1);

        account.passwordForm().currentProperty().set(TestServer.ADMIN_PASSWORD);
        account.passwordForm().nextProperty().set(TestServer.OTHER_PASSWORD);
        account.passwordForm().confirmationProperty().set(TestServer.OTHER_PASSWORD);
        account.changePassword();

        assertThat(account.noticeProperty().get()).isEqualTo(AccountViewModel.PASSWORD_CHANGED);
        assertThat(viewModel.tokens()).isEmpty();
    }
}
