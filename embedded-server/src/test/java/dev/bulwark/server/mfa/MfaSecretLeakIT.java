package dev.bulwark.server.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.model.mfa.RecoveryCodes;
import dev.bulwark.model.mfa.TotpEnrolment;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.log.JsonLogFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/** No code, secret or challenge id ever shows in audit records, logs or problem bodies. */
class MfaSecretLeakIT extends MfaFixture {
    private static final String EMAIL = "kim@example.com";

    @Test
    void codesSecretsAndChallengeIds_neverReachAuditLogsOrProblems() throws Exception {
        List<String> logLines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logLines.add(new JsonLogFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            IdentityFixtures.createUser(admin, EMAIL, "Kim", Role.USER);
            BulwarkClient kim = clientFrom("127.0.0.2");
            MfaChallenge challenge = challenge(kim, EMAIL, IdentityFixtures.PASSWORD);
            String emailCode = lastCodeTo(EMAIL);
            secrets.add(challenge.challengeId().reveal());
            secrets.add(emailCode);
            String wrong = emailCode.equals("999999") ? "888888" : "999999";
            problems.add(failure(() -> kim.auth()
                            .completeSecondFactor(
                                    new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(wrong))))
                    .detail());
            kim.auth()
                    .completeSecondFactor(
                            new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(emailCode)));
            problems.add(failure(() -> kim.auth()
                            .completeSecondFactor(new MfaVerifyRequest(
                                    challenge.challengeId(), MfaMethod.EMAIL, Secret.of(emailCode))))
                    .detail());

            TotpEnrolment enrolment = kim.mfa().startTotp();
            byte[] key = new Base32().decode(enrolment.secret().reveal());
            secrets.add(enrolment.secret().reveal());
            String first = new Totp().codeAt(key, clock.instant());
            RecoveryCodes codes = kim.mfa().confirmTotp(new MfaCodeRequest(Secret.of(first), null));
            codes.codes().forEach(c -> secrets.add(c.reveal()));
            problems.add(failure(() -> kim.mfa().disableTotp(new MfaCodeRequest(Secret.of(first), null)))
                    .detail());
            advance(Duration.ofSeconds(30));
            MfaChallenge second = challenge(clientFrom("127.0.0.3"), EMAIL, IdentityFixtures.PASSWORD);
            secrets.add(second.challengeId().reveal());
            clientFrom("127.0.0.3")
                    .auth()
                    .completeSecondFactor(new MfaVerifyRequest(
                            second.challengeId(),
                            MfaMethod.RECOVERY,
                            codes.codes().getFirst()));
        } finally {
            root.removeHandler(capture);
        }

        String audit = Json.lenient()
                .writeValueAsString(admin.audit()
                        .events(new AuditQuery(null, null, null, null, null, null, null, null, null, 1000, null))
                        .events());
        String logs = String.join("\n", logLines);
        String problemText = String.join("\n", problems);
        assertThat(secrets).hasSizeGreaterThan(10);
        for (String secret : secrets) {
            assertThat(audit).as("audit").doesNotContain(secret);
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(problemText).as("problems").doesNotContain(secret);
        }
    }
}
