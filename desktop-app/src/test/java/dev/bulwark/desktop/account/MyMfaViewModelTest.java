package dev.bulwark.desktop.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MyMfaViewModelTest {
    @TempDir
    Path dataDirectory;

    private TestServer server;
    private MyMfaViewModel viewModel;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        ServerConnection connection = server.signedInAsAdmin();
        viewModel = new MyMfaViewModel(new SameThreadRunner(), connection);
        viewModel.reload();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static String code(String base32, Instant at) throws Exception {
        TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
        byte[] key = new Base32().decode(base32);
        return String.format(
                Locale.ROOT, "%06d", totp.generateOneTimePassword(new SecretKeySpec(key, totp.getAlgorithm()), at));
    }

    private String enrol() throws Exception {
        viewModel.startEnrolment();
        String secret = viewModel.enrolmentProperty().get().secret().reveal();
        viewModel.confirmCodeProperty().set(code(secret, Instant.now()));
        viewModel.confirmEnrolment();
        return secret;
    }

    @Test
    void enrolment_showsAKeyAndQrUri_thenTheRecoveryCodesOnce() throws Exception {
        assertThat(viewModel.statusProperty().get().totpEnrolled()).isFalse();
        viewModel.startEnrolment();
        assertThat(viewModel.enrolmentProperty().get().otpauthUri().reveal()).startsWith("otpauth://totp/");

        String secret = viewModel.enrolmentProperty().get().secret().reveal();
        viewModel.confirmCodeProperty().set(code(secret, Instant.now()));
        viewModel.confirmEnrolment();

        assertThat(viewModel.enrolmentProperty().get()).isNull();
        assertThat(viewModel.recoveryCodesProperty().get()).hasSize(10);
        assertThat(viewModel.recoveryCodesText().lines()).hasSize(10);
        assertThat(viewModel.statusProperty().get().totpEnrolled()).isTrue();
        viewModel.dismissRecoveryCodes();
        assertThat(viewModel.recoveryCodesProperty().get()).isEmpty();
    }

    @Test
    void aWrongOrMissingConfirmationCode_isSaidPlainly() {
        viewModel.startEnrolment();
        viewModel.confirmEnrolment();
        assertThat(viewModel.problemProperty().get()).isEqualTo(MyMfaViewModel.CODE_MISSING);

        viewModel.confirmCodeProperty().set("12");
        viewModel.confirmEnrolment();

        assertThat(viewModel.problemProperty().get()).startsWith("The code is not correct.");
        assertThat(viewModel.enrolmentProperty().get()).isNotNull();
    }

    @Test
    void newRecoveryCodesAndTurningOff_needAProof() throws Exception {
        enrol();
        viewModel.dismissRecoveryCodes();

        viewModel.regenerateRecoveryCodes();
        assertThat(viewModel.problemProperty().get()).isEqualTo(MyMfaViewModel.PROOF_MISSING);
        viewModel.proofPasswordProperty().set(TestServer.ADMIN_PASSWORD);
        viewModel.regenerateRecoveryCodes();
        assertThat(viewModel.recoveryCodesProperty().get()).hasSize(10);
        assertThat(viewModel.proofPasswordProperty().get()).isEmpty();

        viewModel.proofPasswordProperty().set(TestServer.OTHER_PASSWORD);
        viewModel.disable();
        assertThat(viewModel.problemProperty().get()).isEqualTo("The password is not correct.");
        assertThat(viewModel.statusProperty().get().totpEnrolled()).isTrue();

        viewModel.proofPasswordProperty().set(TestServer.ADMIN_PASSWORD);
        viewModel.disable();

        assertThat(viewModel.statusProperty().get().totpEnrolled()).isFalse();
        assertThat(viewModel.recoveryCodesProperty().get()).isEmpty();
    }

    @Test
    void removingWithoutASelectedAddress_asksForOne() {
        viewModel.removeSelectedIp();

        assertThat(viewModel.problemProperty().get()).isEqualTo("Select an address first.");
    }
}
