package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.MovableClock;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.user.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SecondFactorViewModelTest {
    private static final Pattern CODE = Pattern.compile("sign-in code: (\\d{6})");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dataDirectory;

    private TestServer server;
    private ServerConnection connection;
    private final MovableClock clock = new MovableClock();
    private final List<User> signedIn = new ArrayList<>();
    private SignInViewModel signIn;

    @BeforeEach
    void startServer() {
        server = new TestServer(
                dataDirectory,
                Map.of(
                        "BULWARK_MFA_ENABLED", "true",
                        "BULWARK_MAIL_HOST", "127.0.0.1",
                        "BULWARK_MAIL_PORT", Integer.toString(MAIL.getSmtp().getPort()),
                        "BULWARK_MAIL_SECURITY", "none",
                        "BULWARK_MAIL_FROM", "bulwark@example.com"));
        connection = server.connectWithAdmin();
        signIn = new SignInViewModel(
                new SameThreadRunner(), connection, SignInPrompt.blank(), signedIn::add, () -> {}, clock);
        signIn.emailProperty().set(TestServer.ADMIN_EMAIL);
        signIn.passwordProperty().set(TestServer.ADMIN_PASSWORD);
        signIn.signIn();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SecondFactorViewModel step() {
        return signIn.secondFactorProperty().get();
    }

    private static String lastCode() {
        var mails = MAIL.getReceivedMessages();
        Matcher m = CODE.matcher(GreenMailUtil.getBody(mails[mails.length - 1]));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aNewAddress_opensTheSecondStep_withTheMailSentAndTheResendWaiting() {
        assertThat(step()).isNotNull();
        assertThat(step().methods()).containsExactly(MfaMethod.EMAIL);
        assertThat(step().methodProperty().get()).isEqualTo(MfaMethod.EMAIL);
        assertThat(step().noticeProperty().get()).contains("mailed you a sign-in code");
        assertThat(step().resendWaitSecondsProperty().get()).isEqualTo(30);
        assertThat(step().resendText(30)).isEqualTo("Send a new code (30 s)");
        assertThat(step().canResendProperty().get()).isFalse();
        assertThat(signedIn).isEmpty();
        assertThat(connection.client().session()).isEmpty();
    }

    @Test
    void theRightCode_signsIn() {
        step().codeProperty().set(lastCode());

        step().verify();

        assertThat(signedIn).singleElement().extracting(User::email).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(connection.client().session()).isPresent();
    }

    @Test
    void anEmptyCode_isAskedFor_andAWrongOneIsSaidPlainly() {
        SecondFactorViewModel step = step();
        step.verify();
        assertThat(step.problemProperty().get()).isEqualTo(SecondFactorViewModel.CODE_MISSING);

        step.codeProperty().set(lastCode().equals("000000") ? "111111" : "000000");
        step.verify();

        assertThat(step.problemProperty().get()).isEqualTo("The code is not correct, has expired or was used already.");
        assertThat(step.codeProperty().get()).isEmpty();
        assertThat(signIn.secondFactorProperty().get()).isSameAs(step);
    }

    @Test
    void theCooldown_countsDown_andTheServersOwnWaitIsShownWhenItRefuses() {
        SecondFactorViewModel step = step();
        clock.advance(Duration.ofSeconds(12));
        step.tick();
        assertThat(step.resendWaitSecondsProperty().get()).isEqualTo(18);

        clock.advance(Duration.ofSeconds(19));
        step.tick();
        assertThat(step.canResendProperty().get()).isTrue();
        step.sendEmailCode();

        assertThat(step.resendWaitSecondsProperty().get()).isPositive();
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void back_returnsToThePasswordForm_andAUsedUpChallengeDoesSoWithASentence() {
        step().cancel();
        assertThat(signIn.secondFactorProperty().get()).isNull();

        signIn.passwordProperty().set(TestServer.ADMIN_PASSWORD);
        signIn.signIn();
        String wrong = lastCode().equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 6 && step() != null; i++) {
            step().codeProperty().set(wrong);
            step().verify();
        }

        assertThat(signIn.secondFactorProperty().get()).isNull();
        assertThat(signIn.noticeProperty().get()).isEqualTo(SecondFactorViewModel.RESTART);
    }

    @Test
    void methodNames_readAsAPersonWouldSayThem() {
        assertThat(SecondFactorViewModel.label(MfaMethod.TOTP)).isEqualTo("Authenticator app");
        assertThat(SecondFactorViewModel.label(MfaMethod.EMAIL)).isEqualTo("Code by email");
        assertThat(SecondFactorViewModel.label(MfaMethod.RECOVERY)).isEqualTo("Recovery code");
    }
}
