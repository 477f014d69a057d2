package dev.bulwark.desktop.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.mfa.KnownIp;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class UserMfaViewModelTest {
    private static final Pattern CODE = Pattern.compile("sign-in code: (\\d{6})");
    private static final String LEE = "lee@example.com";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dataDirectory;

    private TestServer server;
    private UserDetails lee;
    private UserMfaViewModel adminView;
    private UserMfaViewModel editorView;

    @BeforeEach
    void signInAdminAndLee() {
        server = new TestServer(
                dataDirectory,
                Map.of(
                        "BULWARK_MFA_ENABLED", "true",
                        "BULWARK_MAIL_HOST", "127.0.0.1",
                        "BULWARK_MAIL_PORT", Integer.toString(MAIL.getSmtp().getPort()),
                        "BULWARK_MAIL_SECURITY", "none",
                        "BULWARK_MAIL_FROM", "bulwark@example.com"));
        ServerConnection admin = server.connectWithAdmin();
        signInWithCode(admin.client(), TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        lee = admin.client()
                .users()
                .create(new CreateUserRequest(LEE, "Lee", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), null));
        ServerConnection leeConnection = server.connect();
        signInWithCode(leeConnection.client(), LEE, TestServer.OTHER_PASSWORD);
        adminView = new UserMfaViewModel(new SameThreadRunner(), admin, () -> true);
        editorView = new UserMfaViewModel(new SameThreadRunner(), leeConnection, () -> false);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static void signInWithCode(BulwarkClient client, String email, String password) {
        LoginOutcome outcome = client.auth().login(new LoginRequest(email, Secret.of(password)));
        var mails = MAIL.getReceivedMessages();
        Matcher m = CODE.matcher(GreenMailUtil.getBody(mails[mails.length - 1]));
        assertThat(m.find()).isTrue();
        client.auth()
                .completeSecondFactor(new MfaVerifyRequest(
                        ((LoginOutcome.MfaRequired) outcome).challenge().challengeId(),
                        MfaMethod.EMAIL,
                        Secret.of(m.group(1))));
    }

    @Test
    void aUsersKnownAddresses_areListed_andOneCanBeRemoved() {
        adminView.show(lee);
        assertThat(adminView.knownIps()).extracting(KnownIp::ip).containsExactly("127.0.0.1");

        adminView.remove(adminView.knownIps().getFirst());

        assertThat(adminView.knownIps()).isEmpty();
        assertThat(adminView.noticeProperty().get()).isEqualTo("The address 127.0.0.1 was removed.");
    }

    @Test
    void aReset_isForAdministrators_andForgetsTheAddresses() {
        editorView.show(lee);
        assertThat(editorView.resetBlocked()).isEqualTo(UserMfaViewModel.ADMINS_ONLY);

        adminView.show(lee);
        assertThat(adminView.resetQuestion()).contains(LEE);
        adminView.reset();

        assertThat(adminView.knownIps()).isEmpty();
        assertThat(adminView.noticeProperty().get()).isEqualTo("The second factor of " + LEE + " was reset.");
    }
}
