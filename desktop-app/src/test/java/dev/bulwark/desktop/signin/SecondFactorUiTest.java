package dev.bulwark.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.model.mfa.TotpEnrolment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** Sign-in from an address the server does not know yet: the second factor by mailed code and by authenticator. */
class SecondFactorUiTest {
    private static final Pattern CODE = Pattern.compile("sign-in code: (\\d{6})");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    private Map<String, String> withMail() {
        return Map.of(
                "BULWARK_MFA_ENABLED", "true",
                "BULWARK_MAIL_HOST", "127.0.0.1",
                "BULWARK_MAIL_PORT", Integer.toString(MAIL.getSmtp().getPort()),
                "BULWARK_MAIL_SECURITY", "none",
                "BULWARK_MAIL_FROM", "bulwark@example.com");
    }

    @AfterEach
    void close() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    private void openSignIn() throws Exception {
        console = RunningConsole.start(robot, dataDirectory, withMail());
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#secondFactor");
    }

    private static String lastCode() {
        var mails = MAIL.getReceivedMessages();
        for (int i = mails.length - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(GreenMailUtil.getBody(mails[i]));
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("No code was mailed");
    }

    @Test
    void aMailedCode_completesTheSignIn() throws Exception {
        TestServer.withAdmin(dataDirectory);
        openSignIn();

        console.waitUntil("the code mail", () -> MAIL.getReceivedMessages().length > 0);
        assertThat(robot.lookup("#resendCode").queryButton().isDisabled()).isTrue();
        assertThat(console.text("#resendCode")).matches("Send a new code \\(\\d+ s\\)");
        console.type("#mfaCode", lastCode());
        console.click("#verifyCode");

        console.waitFor("#shell");
    }

    @Test
    void aWrongCode_saysSo_andBackReturnsToThePasswordForm() throws Exception {
        TestServer.withAdmin(dataDirectory);
        openSignIn();
        console.waitUntil("the code mail", () -> MAIL.getReceivedMessages().length > 0);
        String wrong = lastCode().equals("000000") ? "111111" : "000000";

        console.type("#mfaCode", wrong);
        console.click("#verifyCode");
        console.waitForText("#problem", "The code is not correct, has expired or was used already.");
        console.click("#cancelSecondFactor");

        console.waitFor("#password");
        assertThat(robot.lookup("#secondFactor").tryQuery()).isEmpty();
    }

    @Test
    void anAuthenticatorCode_completesTheSignIn() throws Exception {
        byte[] secret = enrolAdminInAuthenticator();
        openSignIn();

        assertThat(robot.lookup("#mfaMethod").queryComboBox().getValue()).isEqualTo(MfaMethod.TOTP);
        console.type("#mfaCode", code(secret, Instant.now().plusSeconds(30)));
        console.click("#verifyCode");

        console.waitFor("#shell");
    }

    /** Signs the admin in once through the API with a mailed code, sets up an authenticator, forgets the address. */
    private byte[] enrolAdminInAuthenticator() throws Exception {
        try (TestServer server = new TestServer(dataDirectory, withMail())) {
            ServerConnection connection = server.connectWithAdmin();
            BulwarkClient client = connection.client();
            LoginOutcome outcome =
                    client.auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
            client.auth()
                    .completeSecondFactor(new MfaVerifyRequest(
                            ((LoginOutcome.MfaRequired) outcome).challenge().challengeId(),
                            MfaMethod.EMAIL,
                            Secret.of(lastCode())));
            TotpEnrolment enrolment = client.mfa().startTotp();
            byte[] secret = new Base32().decode(enrolment.secret().reveal());
            client.mfa().confirmTotp(new MfaCodeRequest(Secret.of(code(secret, Instant.now())), null));
            client.mfa().removeMyKnownIp("127.0.0.1");
            return secret;
        }
    }

    private static String code(byte[] secret, Instant at) throws Exception {
        TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
        return String.format(
                Locale.ROOT, "%06d", totp.generateOneTimePassword(new SecretKeySpec(secret, totp.getAlgorithm()), at));
    }
}
