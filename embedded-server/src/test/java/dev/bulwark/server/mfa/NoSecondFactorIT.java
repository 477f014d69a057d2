package dev.bulwark.server.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestServers;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decision 0029: MFA is required but neither mail nor an authenticator is available. */
class NoSecondFactorIT {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    private BulwarkServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private LoginOutcome signIn() {
        return new BulwarkClient(server.baseUri())
                .auth()
                .login(new LoginRequest(TestServers.ADMIN_EMAIL, Secret.of(TestServers.ADMIN_PASSWORD)));
    }

    @Test
    void theSignInGoesAhead_butTheAddressIsNotRecordedAsKnown_soAnAuthenticatorSetUpLaterIsAskedFor() {
        server = TestServers.embedded(dir, Map.of("BULWARK_MFA_ENABLED", "true"), clock);
        TestServers.createAdmin(server);
        BulwarkClient admin = new BulwarkClient(server.baseUri());

        LoginOutcome first =
                admin.auth().login(new LoginRequest(TestServers.ADMIN_EMAIL, Secret.of(TestServers.ADMIN_PASSWORD)));

        assertThat(first).isInstanceOf(LoginOutcome.SignedIn.class);
        assertThat(admin.mfa().myKnownIps().items()).isEmpty();
        assertThat(admin.audit()
                        .events(new AuditQuery(
                                null,
                                null,
                                null,
                                AuditAction.AUTH_NEW_IP.code(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                100,
                                null))
                        .events())
                .isEmpty();
        assertThat(admin.audit()
                        .events(new AuditQuery(
                                null,
                                null,
                                null,
                                AuditAction.AUTH_MFA_SKIPPED.code(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                100,
                                null))
                        .events())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("stays unknown"));

        byte[] secret = new Base32().decode(admin.mfa().startTotp().secret().reveal());
        admin.mfa().confirmTotp(new MfaCodeRequest(Secret.of(new Totp().codeAt(secret, clock.instant())), null));

        LoginOutcome next = signIn();
        assertThat(next).isInstanceOf(LoginOutcome.MfaRequired.class);
        assertThat(((LoginOutcome.MfaRequired) next).challenge().methods()).contains(MfaMethod.TOTP);
    }
}
