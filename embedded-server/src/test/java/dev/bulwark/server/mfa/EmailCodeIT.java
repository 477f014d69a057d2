package dev.bulwark.server.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.mfa.KnownIp;
import dev.bulwark.model.mfa.SignInSettings;
import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.IdentityFixtures;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PRODUCT §3: a password sign-in from a new address completed with a mailed code, against a real SMTP server. */
class EmailCodeIT extends MfaFixture {
    private static final String EMAIL = "grace@example.com";

    private UUID createGrace() {
        return IdentityFixtures.createUser(admin, EMAIL, "Grace", Role.USER)
                .user()
                .id();
    }

    @Test
    void signInFromANewAddress_asksForTheMailedCode_thenSignsIn_andTheAddressIsKnownAfterwards() throws Exception {
        createGrace();
        BulwarkClient erin = clientFrom("127.0.0.2");

        MfaChallenge challenge = challenge(erin, EMAIL, IdentityFixtures.PASSWORD);

        assertThat(challenge.mfaRequired()).isTrue();
        assertThat(challenge.methods()).containsExactly(MfaMethod.EMAIL);
        assertThat(challenge.emailSent()).isTrue();
        assertThat(erin.session()).isEmpty();
        MimeMessage mail = mailsTo(EMAIL).getLast();
        assertThat(mail.getSubject()).isEqualTo("Your Bulwark sign-in code");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(GreenMailUtil.getBody(mail)).contains("127.0.0.2").contains(lastCodeTo(EMAIL));

        erin.auth()
                .completeSecondFactor(
                        new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(lastCodeTo(EMAIL))));

        assertThat(erin.session()).isPresent();
        assertThat(erin.mfa().myKnownIps().items()).extracting(KnownIp::ip).containsExactly("127.0.0.2");
        LoginOutcome again =
                clientFrom("127.0.0.2").auth().login(new LoginRequest(EMAIL, Secret.of(IdentityFixtures.PASSWORD)));
        assertThat(again).isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(audited(AuditAction.AUTH_MFA_CHALLENGE)).anyMatch(e -> EMAIL.equals(e.targetName()));
        assertThat(audited(AuditAction.AUTH_MFA_CODE_SENT)).anyMatch(e -> EMAIL.equals(e.targetName()));
        assertThat(audited(AuditAction.AUTH_MFA_SUCCESS))
                .anyMatch(e -> EMAIL.equals(e.targetName()) && "password+email".equals(e.authMethod()));
        assertThat(audited(AuditAction.AUTH_NEW_IP))
                .anyMatch(e -> EMAIL.equals(e.targetName()) && "127.0.0.2".equals(e.sourceIp()));
    }

    @Test
    void aNewAddress_isAlertedByMail_withTimeAndAddressOnly() {
        createGrace();
        signInWithEmailCode(EMAIL, IdentityFixtures.PASSWORD, "127.0.0.3");

        MimeMessage alert = mailsTo(EMAIL).getLast();
        assertThat(subject(alert)).isEqualTo("New sign-in to your Bulwark account");
        assertThat(GreenMailUtil.getBody(alert)).contains("127.0.0.3").doesNotContain(lastCodeTo(EMAIL));
    }

    @Test
    void aWrongCode_isRefused_andAfterFiveTheChallengeIsUsedUpEvenForTheRightCode() {
        createGrace();
        BulwarkClient erin = clientFrom("127.0.0.2");
        MfaChallenge challenge = challenge(erin, EMAIL, IdentityFixtures.PASSWORD);
        String right = lastCodeTo(EMAIL);
        String wrong = right.equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 5; i++) {
            ApiException refused = failure(() -> erin.auth()
                    .completeSecondFactor(
                            new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(wrong))));
            assertThat(refused.type()).isEqualTo(ProblemType.MFA_CODE_INVALID);
        }
        ApiException usedUp = failure(() -> erin.auth()
                .completeSecondFactor(
                        new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(right))));

        assertThat(usedUp.type()).isEqualTo(ProblemType.MFA_CHALLENGE_INVALID);
        assertThat(erin.session()).isEmpty();
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE).stream()
                        .filter(e -> EMAIL.equals(e.targetName()))
                        .count())
                .isEqualTo(6);
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE))
                .anyMatch(e -> e.reason().contains("no tries left"));
    }

    @Test
    void aCode_worksOnce_andTheCompletedChallengeIsRefusedAfterwards() {
        createGrace();
        BulwarkClient erin = clientFrom("127.0.0.2");
        MfaChallenge challenge = challenge(erin, EMAIL, IdentityFixtures.PASSWORD);
        MfaVerifyRequest request =
                new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(lastCodeTo(EMAIL)));
        erin.auth().completeSecondFactor(request);

        ApiException reused = failure(() -> clientFrom("127.0.0.2").auth().completeSecondFactor(request));

        assertThat(reused.type()).isEqualTo(ProblemType.MFA_CHALLENGE_INVALID);
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE))
                .anyMatch(e -> e.reason().contains("completed already"));
    }

    @Test
    void aCode_expiresAfterTenMinutes() {
        createGrace();
        BulwarkClient erin = clientFrom("127.0.0.2");
        MfaChallenge challenge = challenge(erin, EMAIL, IdentityFixtures.PASSWORD);
        String code = lastCodeTo(EMAIL);
        advance(Duration.ofMinutes(10).plusSeconds(1));

        ApiException expired = failure(() -> erin.auth()
                .completeSecondFactor(new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(code))));

        assertThat(expired.type()).isEqualTo(ProblemType.MFA_CHALLENGE_INVALID);
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE))
                .anyMatch(e -> e.reason().contains("expired"));
    }

    @Test
    void anUnknownChallenge_isRefused_andAudited() {
        ApiException unknown = failure(() -> clientFrom("127.0.0.2")
                .auth()
                .completeSecondFactor(
                        new MfaVerifyRequest(Secret.of("no-such-challenge"), MfaMethod.EMAIL, Secret.of("123456"))));

        assertThat(unknown.type()).isEqualTo(ProblemType.MFA_CHALLENGE_INVALID);
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE))
                .anyMatch(e -> e.reason().contains("not known"));
    }

    @Test
    void aChallenge_cannotBeCompletedFromAnotherAddress() {
        createGrace();
        MfaChallenge challenge = challenge(clientFrom("127.0.0.2"), EMAIL, IdentityFixtures.PASSWORD);

        ApiException elsewhere = failure(() -> clientFrom("127.0.0.5")
                .auth()
                .completeSecondFactor(
                        new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(lastCodeTo(EMAIL)))));

        assertThat(elsewhere.type()).isEqualTo(ProblemType.MFA_CHALLENGE_INVALID);
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE))
                .anyMatch(e -> e.reason().contains("another address") && "127.0.0.5".equals(e.sourceIp()));
    }

    @Test
    void anotherUsersCode_doesNotCompleteAChallenge() {
        createGrace();
        IdentityFixtures.createUser(admin, "frank@example.com", "Frank", Role.USER);
        MfaChallenge erins = challenge(clientFrom("127.0.0.2"), EMAIL, IdentityFixtures.PASSWORD);
        challenge(clientFrom("127.0.0.2"), "frank@example.com", IdentityFixtures.PASSWORD);
        String franksCode = lastCodeTo("frank@example.com");

        ApiException refused = failure(() -> clientFrom("127.0.0.2")
                .auth()
                .completeSecondFactor(
                        new MfaVerifyRequest(erins.challengeId(), MfaMethod.EMAIL, Secret.of(franksCode))));

        if (!franksCode.equals(lastCodeTo(EMAIL))) {
            assertThat(refused.type()).isEqualTo(ProblemType.MFA_CODE_INVALID);
        }
        assertThat(audited(AuditAction.AUTH_MFA_FAILURE)).anyMatch(e -> EMAIL.equals(e.targetName()));
    }

    @Test
    void aNewCode_waitsForTheCooldown_andReplacesThePreviousOne() {
        createGrace();
        BulwarkClient erin = clientFrom("127.0.0.2");
        MfaChallenge challenge = challenge(erin, EMAIL, IdentityFixtures.PASSWORD);
        String first = lastCodeTo(EMAIL);

        ApiException tooSoon = failure(() -> erin.auth().sendEmailCode(challenge.challengeId()));
        assertThat(tooSoon.type()).isEqualTo(ProblemType.RATE_LIMITED);

        advance(Duration.ofSeconds(31));
        var sent = erin.auth().sendEmailCode(challenge.challengeId());
        String second = lastCodeTo(EMAIL);
        assertThat(sent.nextSendAt()).isAfter(clock.instant());
        assertThat(mailsTo(EMAIL)).hasSize(2);
        if (!first.equals(second)) {
            assertThat(failure(() -> erin.auth()
                                    .completeSecondFactor(new MfaVerifyRequest(
                                            challenge.challengeId(), MfaMethod.EMAIL, Secret.of(first))))
                            .type())
                    .isEqualTo(ProblemType.MFA_CODE_INVALID);
        }
        erin.auth()
                .completeSecondFactor(
                        new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(second)));
        assertThat(erin.session()).isPresent();
        assertThat(audited(AuditAction.AUTH_MFA_CODE_SENT).stream()
                        .filter(e -> EMAIL.equals(e.targetName()))
                        .count())
                .isEqualTo(2);
    }

    @Test
    void withMfaOff_aNewAddressSignsInWithThePasswordAlone() {
        createGrace();
        SignInSettings current = admin.mfa().settings();
        admin.mfa()
                .updateSettings(new UpdateSignInSettingsRequest(
                        false,
                        current.mail().host(),
                        current.mail().port(),
                        current.mail().security(),
                        current.mail().username(),
                        null,
                        current.mail().from()));

        LoginOutcome outcome =
                clientFrom("127.0.0.9").auth().login(new LoginRequest(EMAIL, Secret.of(IdentityFixtures.PASSWORD)));

        assertThat(outcome).isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(mailsTo(EMAIL)).isEmpty();
    }

    @Test
    void aRemovedKnownAddress_needsTheSecondFactorAgain_andAdminsSeeAndRemoveAddressesToo() {
        UUID erinId = createGrace();
        BulwarkClient erin = signInWithEmailCode(EMAIL, IdentityFixtures.PASSWORD, "127.0.0.2");
        signInWithEmailCode(EMAIL, IdentityFixtures.PASSWORD, "127.0.0.3");

        assertThat(admin.mfa().knownIpsOf(erinId).items())
                .extracting(KnownIp::ip)
                .containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3");
        erin.mfa().removeMyKnownIp("127.0.0.2");
        admin.mfa().removeKnownIp(erinId, "127.0.0.3");

        assertThat(admin.mfa().knownIpsOf(erinId).items()).isEmpty();
        assertThat(clientFrom("127.0.0.2").auth().login(new LoginRequest(EMAIL, Secret.of(IdentityFixtures.PASSWORD))))
                .isInstanceOf(LoginOutcome.MfaRequired.class);
        assertThat(audited(AuditAction.KNOWN_IP_REMOVE)).hasSize(2);
        assertThat(failure(() -> erin.mfa().knownIpsOf(erinId)).type()).isEqualTo(ProblemType.FORBIDDEN);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
