package dev.bulwark.server.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.model.mfa.RecoveryCodes;
import dev.bulwark.model.mfa.TotpEnrolment;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.IdentityFixtures;
import java.time.Duration;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/** PRODUCT §3: authenticator apps (RFC 6238) and recovery codes, with the server's clock moved by the test. */
class AuthenticatorIT extends MfaFixture {
    private static final String EMAIL = "holly@example.com";
    private final Totp app = new Totp();

    private UUID userId;
    private byte[] secret;
    private RecoveryCodes recovery;

    /** Holly, signed in from 127.0.0.1 with a mailed code, sets up an authenticator. */
    private BulwarkClient enrolled() {
        userId = IdentityFixtures.createUser(admin, EMAIL, "Holly", Role.USER)
                .user()
                .id();
        BulwarkClient holly = signInWithEmailCode(EMAIL, IdentityFixtures.PASSWORD, "127.0.0.1");
        TotpEnrolment enrolment = holly.mfa().startTotp();
        assertThat(enrolment.otpauthUri().reveal())
                .startsWith("otpauth://totp/Bulwark%3Aholly%40example.com?secret="
                        + enrolment.secret().reveal());
        secret = new Base32().decode(enrolment.secret().reveal());
        recovery = holly.mfa().confirmTotp(new MfaCodeRequest(Secret.of(code()), null));
        advance(Duration.ofSeconds(30));
        return holly;
    }

    private String code() {
        return app.codeAt(secret, clock.instant());
    }

    private MfaVerifyRequest totp(MfaChallenge challenge, String code) {
        return new MfaVerifyRequest(challenge.challengeId(), MfaMethod.TOTP, Secret.of(code));
    }

    @Test
    void enrolment_givesTenRecoveryCodes_andANewAddressThenOffersTheAuthenticatorFirstWithoutMailing() {
        BulwarkClient holly = enrolled();
        int mailsBefore = mailsTo(EMAIL).size();

        BulwarkClient phone = clientFrom("127.0.0.2");
        MfaChallenge challenge = challenge(phone, EMAIL, IdentityFixtures.PASSWORD);
        phone.auth().completeSecondFactor(totp(challenge, code()));

        assertThat(recovery.codes()).hasSize(10);
        assertThat(challenge.methods()).containsExactly(MfaMethod.TOTP, MfaMethod.EMAIL, MfaMethod.RECOVERY);
        assertThat(challenge.emailSent()).isFalse();
        assertThat(phone.session()).isPresent();
        assertThat(holly.mfa().status().totpEnrolled()).isTrue();
        assertThat(holly.mfa().status().recoveryCodesLeft()).isEqualTo(10);
        assertThat(mailsTo(EMAIL).size()).as("only the new-address alert").isEqualTo(mailsBefore + 1);
        assertThat(audited(AuditAction.MFA_TOTP_ENROL)).anyMatch(e -> EMAIL.equals(e.targetName()));
        assertThat(audited(AuditAction.AUTH_MFA_SUCCESS)).anyMatch(e -> "password+totp".equals(e.authMethod()));
    }

    @Test
    void aCodeOneStepOld_isAccepted_butTwoStepsOld_isNot() {
        enrolled();
        String old = code();
        advance(Duration.ofSeconds(30));
        MfaChallenge first = challenge(clientFrom("127.0.0.2"), EMAIL, IdentityFixtures.PASSWORD);
        clientFrom("127.0.0.2").auth().completeSecondFactor(totp(first, old));

        String stale = app.codeAt(secret, clock.instant().minus(Duration.ofSeconds(60)));
        MfaChallenge second = challenge(clientFrom("127.0.0.3"), EMAIL, IdentityFixtures.PASSWORD);
        ApiException refused = failure(() -> clientFrom("127.0.0.3").auth().completeSecondFactor(totp(second, stale)));

        assertThat(refused.type()).isEqualTo(ProblemType.MFA_CODE_INVALID);
    }

    @Test
    void aUsedAuthenticatorCode_isNeverAcceptedAgain() {
        enrolled();
        String code = code();
        MfaChallenge first = challenge(clientFrom("127.0.0.2"), EMAIL, IdentityFixtures.PASSWORD);
        clientFrom("127.0.0.2").auth().completeSecondFactor(totp(first, code));

        MfaChallenge second = challenge(clientFrom("127.0.0.3"), EMAIL, IdentityFixtures.PASSWORD);
        ApiException reused = failure(() -> clientFrom("127.0.0.3").auth().completeSecondFactor(totp(second, code)));
        advance(Duration.ofSeconds(30));
        clientFrom("127.0.0.3").auth().completeSecondFactor(totp(second, code()));

        assertThat(reused.type()).isEqualTo(ProblemType.MFA_CODE_INVALID);
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE))
                .anyMatch(e -> e.reason().contains("used already"));
    }

    @Test
    void aRecoveryCode_signsInOnce() {
        enrolled();
        Secret spare = recovery.codes().get(3);
        MfaChallenge first = challenge(clientFrom("127.0.0.2"), EMAIL, IdentityFixtures.PASSWORD);
        BulwarkClient laptop = clientFrom("127.0.0.2");
        laptop.auth()
                .completeSecondFactor(new MfaVerifyRequest(
                        first.challengeId(),
                        MfaMethod.RECOVERY,
                        Secret.of(spare.reveal().toUpperCase())));

        MfaChallenge second = challenge(clientFrom("127.0.0.3"), EMAIL, IdentityFixtures.PASSWORD);
        ApiException again = failure(() -> clientFrom("127.0.0.3")
                .auth()
                .completeSecondFactor(new MfaVerifyRequest(second.challengeId(), MfaMethod.RECOVERY, spare)));

        assertThat(laptop.session()).isPresent();
        assertThat(again.type()).isEqualTo(ProblemType.MFA_CODE_INVALID);
        assertThat(laptop.mfa().status().recoveryCodesLeft()).isEqualTo(9);
        assertThat(audited(AuditAction.AUTH_MFA_SUCCESS)).anyMatch(e -> "password+recovery".equals(e.authMethod()));
    }

    @Test
    void turningTheAuthenticatorOff_needsACodeOrThePassword_andNewRecoveryCodesReplaceTheOld() {
        BulwarkClient holly = enrolled();

        ApiException bare = failure(() -> holly.mfa().disableTotp(new MfaCodeRequest(null, null)));
        ApiException wrongPassword =
                failure(() -> holly.mfa().disableTotp(new MfaCodeRequest(null, Secret.of("not my password at all"))));
        RecoveryCodes fresh = holly.mfa().regenerateRecoveryCodes(new MfaCodeRequest(Secret.of(code()), null));
        holly.mfa().disableTotp(new MfaCodeRequest(null, Secret.of(IdentityFixtures.PASSWORD)));

        assertThat(bare.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(wrongPassword.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(wrongPassword.fieldErrors()).extracting("field").containsExactly("password");
        assertThat(fresh.codes()).hasSize(10);
        assertThat(fresh.codes().stream().map(Secret::reveal))
                .doesNotContainAnyElementsOf(
                        recovery.codes().stream().map(Secret::reveal).toList());
        assertThat(holly.mfa().status().totpEnrolled()).isFalse();
        assertThat(audited(AuditAction.MFA_RECOVERY_REGENERATE)).hasSize(1);
        assertThat(audited(AuditAction.MFA_TOTP_DISABLE))
                .extracting(e -> e.outcome())
                .containsExactly(AuditOutcome.SUCCESS, AuditOutcome.DENIED);
    }

    @Test
    void anAdminReset_removesAuthenticatorAndKnownAddresses_andOnlyAdminsMayDoIt() {
        BulwarkClient holly = enrolled();
        IdentityFixtures.createUser(admin, "ivan@example.com", "Ivan", Role.EDITOR);
        BulwarkClient ivan = signInWithEmailCode("ivan@example.com", IdentityFixtures.PASSWORD, "127.0.0.1");

        ApiException notAdmin = failure(() -> ivan.mfa().resetMfa(userId));
        admin.mfa().resetMfa(userId);

        assertThat(notAdmin.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(holly.mfa().status().totpEnrolled()).isFalse();
        assertThat(admin.mfa().knownIpsOf(userId).items()).isEmpty();
        MfaChallenge next = challenge(clientFrom("127.0.0.1"), EMAIL, IdentityFixtures.PASSWORD);
        assertThat(next.methods()).containsExactly(MfaMethod.EMAIL);
        assertThat(audited(AuditAction.USER_MFA_RESET))
                .singleElement()
                .satisfies(e -> assertThat(e.targetName()).isEqualTo(EMAIL))
                .satisfies(e -> assertThat(e.reason()).contains("Authenticator"));
    }
}
