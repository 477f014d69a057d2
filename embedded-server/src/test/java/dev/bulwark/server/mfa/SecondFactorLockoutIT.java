package dev.bulwark.server.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.auth.LoginRequest;
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
import dev.bulwark.server.crypto.Digests;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/**
 * Decision 0029: wrong second-factor codes and wrong proofs of authenticator changes count into the account's
 * lockout, and recovery codes are 80 bits stored salted; real HTTP, real H2, the server's clock moved.
 */
class SecondFactorLockoutIT extends MfaFixture {
    private static final String EMAIL = "holly@example.com";
    private static final String WRONG_CODE = "000000";
    private final Totp app = new Totp();

    private UUID userId;
    private byte[] secret;
    private RecoveryCodes recovery;

    private BulwarkClient created() {
        userId = IdentityFixtures.createUser(admin, EMAIL, "Holly", Role.USER)
                .user()
                .id();
        return signInWithEmailCode(EMAIL, IdentityFixtures.PASSWORD, "127.0.0.1");
    }

    /** Holly, signed in from 127.0.0.1 with a mailed code, sets up an authenticator. */
    private BulwarkClient enrolled() {
        BulwarkClient holly = created();
        TotpEnrolment enrolment = holly.mfa().startTotp();
        secret = new Base32().decode(enrolment.secret().reveal());
        recovery = holly.mfa().confirmTotp(new MfaCodeRequest(Secret.of(code()), null));
        advance(Duration.ofSeconds(30));
        return holly;
    }

    private String code() {
        return app.codeAt(secret, clock.instant());
    }

    private ApiException verify(BulwarkClient client, MfaChallenge challenge, MfaMethod method, String code) {
        return failure(() -> client.auth()
                .completeSecondFactor(new MfaVerifyRequest(challenge.challengeId(), method, Secret.of(code))));
    }

    /** {@code times} wrong codes from {@code ip}, five to a challenge (its tries). */
    private void wrongCodes(String ip, MfaMethod method, int times) {
        BulwarkClient client = clientFrom(ip);
        MfaChallenge challenge = null;
        for (int i = 0; i < times; i++) {
            if (i % 5 == 0) {
                challenge = challenge(client, EMAIL, IdentityFixtures.PASSWORD);
            }
            assertThat(verify(client, challenge, method, WRONG_CODE).type()).isEqualTo(ProblemType.MFA_CODE_INVALID);
        }
    }

    private ApiException passwordRefused(String ip) {
        return failure(
                () -> clientFrom(ip).auth().login(new LoginRequest(EMAIL, Secret.of(IdentityFixtures.PASSWORD))));
    }

    @Test
    void tenWrongAuthenticatorCodes_lockTheAccount_althoughEachPasswordWasRight_andTheLockIsAudited() {
        enrolled();

        wrongCodes("127.0.0.2", MfaMethod.TOTP, 10);

        assertThat(passwordRefused("127.0.0.2").type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(passwordRefused("127.0.0.3").type())
                .as("any new address")
                .isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(admin.users().get(userId).lockedUntil())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE))
                .filteredOn(e -> EMAIL.equals(e.targetName()))
                .hasSize(10);
        assertThat(audited(AuditAction.AUTH_LOCKOUT)).singleElement().satisfies(e -> {
            assertThat(e.targetId()).isEqualTo(userId.toString());
            assertThat(e.authMethod()).isEqualTo("password+totp");
            assertThat(e.reason()).startsWith("Locked for 1 minute");
        });
    }

    @Test
    void tenWrongEmailCodes_lockTheAccount() {
        created();

        wrongCodes("127.0.0.2", MfaMethod.EMAIL, 10);

        assertThat(passwordRefused("127.0.0.2").type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(audited(AuditAction.AUTH_LOCKOUT)).singleElement().satisfies(e -> assertThat(e.authMethod())
                .isEqualTo("password+email"));
    }

    @Test
    void tenWrongRecoveryCodes_lockTheAccount() {
        enrolled();

        wrongCodes("127.0.0.2", MfaMethod.RECOVERY, 10);

        assertThat(passwordRefused("127.0.0.2").type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(audited(AuditAction.AUTH_LOCKOUT)).singleElement().satisfies(e -> assertThat(e.authMethod())
                .isEqualTo("password+recovery"));
    }

    @Test
    void onceLocked_aRightCodeGetsTheAnswerOfAWrongOne_andNoSession() {
        enrolled();
        wrongCodes("127.0.0.2", MfaMethod.TOTP, 9);
        BulwarkClient attacker = clientFrom("127.0.0.2");
        MfaChallenge open = challenge(attacker, EMAIL, IdentityFixtures.PASSWORD);
        ApiException tenth = verify(attacker, open, MfaMethod.TOTP, WRONG_CODE);

        ApiException right = verify(attacker, open, MfaMethod.TOTP, code());

        assertThat(right.type()).isEqualTo(tenth.type()).isEqualTo(ProblemType.MFA_CODE_INVALID);
        assertThat(right.detail()).isEqualTo(tenth.detail());
        assertThat(attacker.session()).isEmpty();
        advance(Duration.ofMinutes(1));
        MfaChallenge later = challenge(attacker, EMAIL, IdentityFixtures.PASSWORD);
        attacker.auth()
                .completeSecondFactor(new MfaVerifyRequest(later.challengeId(), MfaMethod.TOTP, Secret.of(code())));
        assertThat(attacker.session()).as("the lock ended by itself").isPresent();
    }

    @Test
    void wrongPasswordsAndCodes_whenTurningTheAuthenticatorOff_countIntoTheLockout() {
        BulwarkClient holly = enrolled();
        for (int i = 0; i < 10; i++) {
            MfaCodeRequest wrong = i % 2 == 0
                    ? new MfaCodeRequest(null, Secret.of("not my password at all"))
                    : new MfaCodeRequest(Secret.of(WRONG_CODE), null);
            assertThat(failure(() -> holly.mfa().disableTotp(wrong)).type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        }

        ApiException rightPassword =
                failure(() -> holly.mfa().disableTotp(new MfaCodeRequest(null, Secret.of(IdentityFixtures.PASSWORD))));
        ApiException rightCode =
                failure(() -> holly.mfa().regenerateRecoveryCodes(new MfaCodeRequest(Secret.of(code()), null)));

        assertThat(rightPassword.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(rightPassword.fieldErrors()).extracting("field").containsExactly("password");
        assertThat(rightCode.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(holly.mfa().status().totpEnrolled()).isTrue();
        assertThat(audited(AuditAction.AUTH_LOCKOUT)).singleElement().satisfies(e -> assertThat(e.targetId())
                .isEqualTo(userId.toString()));
        assertThat(audited(AuditAction.MFA_TOTP_DISABLE)).hasSize(11);
    }

    @Test
    void recoveryCodes_carryEightyBits_andAreStoredAsHmacsUnderARandomSaltPerUser() {
        enrolled();
        UUID other = IdentityFixtures.createUser(admin, "ivan@example.com", "Ivan", Role.USER)
                .user()
                .id();
        BulwarkClient ivan = signInWithEmailCode("ivan@example.com", IdentityFixtures.PASSWORD, "127.0.0.1");
        byte[] ivanSecret = new Base32().decode(ivan.mfa().startTotp().secret().reveal());
        ivan.mfa().confirmTotp(new MfaCodeRequest(Secret.of(app.codeAt(ivanSecret, clock.instant())), null));

        assertThat(recovery.codes()).hasSize(10).allSatisfy(code -> assertThat(code.reveal())
                .matches("[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}"));
        assertThat(recovery.codes().stream().map(Secret::reveal).distinct()).hasSize(10);
        List<String[]> rows = new ArrayList<>();
        withDatabase(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT user_id, code_hash, salt FROM mfa_recovery_code");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
                }
            }
        });

        List<String[]> holly =
                rows.stream().filter(r -> r[0].equals(userId.toString())).toList();
        List<String[]> ivans =
                rows.stream().filter(r -> r[0].equals(other.toString())).toList();
        assertThat(holly).hasSize(10);
        assertThat(ivans).hasSize(10);
        String salt = holly.get(0)[2];
        assertThat(salt).matches("[0-9a-f]{32}");
        assertThat(ivans.get(0)[2]).as("another user's salt").isNotEqualTo(salt);
        List<String> stored = holly.stream().map(r -> r[1]).toList();
        for (Secret code : recovery.codes()) {
            String plain = code.reveal().replace("-", "");
            assertThat(stored)
                    .contains(MfaAccountService.saltedHash(salt, code.reveal()))
                    .doesNotContain(Digests.sha256Hex("recovery|" + plain))
                    .doesNotContain(Digests.sha256Hex("recovery|" + plain.toLowerCase()))
                    .doesNotContain(Digests.sha256Hex(plain));
        }
    }

    @Test
    void aRecoveryCodeOfTheOldFormat_stillSignsIn_untilNewCodesReplaceIt() {
        enrolled();
        String legacy = "abcde-fghjk";
        withDatabase(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO mfa_recovery_code (user_id, code_hash) VALUES (?, ?)")) {
                s.setObject(1, userId);
                s.setString(2, Digests.sha256Hex("recovery|abcdefghjk"));
                s.executeUpdate();
            }
        });

        BulwarkClient laptop = clientFrom("127.0.0.2");
        MfaChallenge first = challenge(laptop, EMAIL, IdentityFixtures.PASSWORD);
        laptop.auth()
                .completeSecondFactor(new MfaVerifyRequest(first.challengeId(), MfaMethod.RECOVERY, Secret.of(legacy)));
        assertThat(laptop.session()).isPresent();
        assertThat(laptop.mfa().status().recoveryCodesLeft()).isEqualTo(10);

        BulwarkClient phone = clientFrom("127.0.0.3");
        MfaChallenge second = challenge(phone, EMAIL, IdentityFixtures.PASSWORD);
        assertThat(verify(phone, second, MfaMethod.RECOVERY, legacy).type())
                .as("single use")
                .isEqualTo(ProblemType.MFA_CODE_INVALID);
        phone.auth()
                .completeSecondFactor(new MfaVerifyRequest(
                        second.challengeId(),
                        MfaMethod.RECOVERY,
                        Secret.of(recovery.codes().get(0).reveal().toLowerCase())));
        assertThat(phone.session()).as("new codes ignore case and dashes too").isPresent();
    }
}
