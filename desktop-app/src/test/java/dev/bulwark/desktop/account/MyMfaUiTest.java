package dev.bulwark.desktop.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import javafx.scene.image.ImageView;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** My account → MFA: set up an authenticator with the QR code, keep the recovery codes, turn it off. */
class MyMfaUiTest {
    @TempDir
    Path dataDirectory;

    @TempDir
    Path saved;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void openMfaTab() throws Exception {
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
        console.click("#navAccount");
        console.waitFor("#accountPage");
        console.click("#tabMfa");
        console.waitFor("#setUpTotp");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    private static String code(String base32) throws Exception {
        TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
        byte[] key = new Base32().decode(base32);
        return String.format(
                Locale.ROOT,
                "%06d",
                totp.generateOneTimePassword(new SecretKeySpec(key, totp.getAlgorithm()), Instant.now()));
    }

    @Test
    void settingUpAnAuthenticator_showsAQrCode_thenTheRecoveryCodesOnce_whichCanBeSaved() throws Exception {
        console.click("#setUpTotp");
        console.waitFor("#totpEnrolment");
        ImageView qr = robot.lookup("#totpQr").query();
        assertThat(qr.getImage()).isNotNull();
        assertThat(qr.getImage().getWidth()).isGreaterThan(100);
        String key = console.text("#totpKey");

        console.type("#totpConfirmCode", code(key));
        console.click("#confirmTotp");
        console.waitFor("#recoveryCodesBox");
        assertThat(console.text("#recoveryCodes").lines()).hasSize(10);
        console.files().saveInto(saved);
        console.click("#saveRecoveryCodes");
        console.waitUntil(
                "the codes to be saved", () -> Files.list(saved).findAny().isPresent());
        Path file = Files.list(saved).findFirst().orElseThrow();
        assertThat(Files.readAllLines(file)).hasSize(10);
        console.click("#dismissRecoveryCodes");

        console.waitFor("#totpManage");
        assertThat(console.text("#mfaState")).contains("Authenticator app: on since");
        console.type("#proofPassword", TestServer.ADMIN_PASSWORD);
        console.click("#disableTotp");
        console.waitFor("#setUpTotp");
        assertThat(console.text("#mfaState")).contains("Authenticator app: not set up.");
    }
}
