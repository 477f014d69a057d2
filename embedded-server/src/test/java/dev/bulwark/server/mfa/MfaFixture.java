package dev.bulwark.server.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestServers;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with MFA on, a real SMTP server (GreenMail on a free port) and a clock the test moves. Clients
 * can come from other loopback addresses (127.0.0.2, ...) to play sign-ins from new IPs.
 */
abstract class MfaFixture {
    private static final Pattern CODE = Pattern.compile("sign-in code: (\\d{6})");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    BulwarkServer server;
    BulwarkClient admin;

    @BeforeEach
    void startServerWithMail() {
        server = TestServers.embedded(dir, environment(), clock);
        TestServers.createAdmin(server);
        admin = signInWithEmailCode(TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD, "127.0.0.1");
    }

    private static Map<String, String> environment() {
        return Map.of(
                "BULWARK_MFA_ENABLED", "true",
                "BULWARK_MAIL_HOST", "127.0.0.1",
                "BULWARK_MAIL_PORT", Integer.toString(MAIL.getSmtp().getPort()),
                "BULWARK_MAIL_SECURITY", "none",
                "BULWARK_MAIL_FROM", "bulwark@example.com");
    }

    /** Stops the server, lets {@code work} read or change its database directly, and starts it again. */
    void withDatabase(DatabaseWork work) {
        server.close();
        try (Connection c = dev.bulwark.server.TestDatabase.connect(dir)) {
            work.run(c);
        } catch (SQLException e) {
            throw new AssertionError(e);
        } finally {
            server = TestServers.embedded(dir, environment(), clock);
            admin = clientFrom("127.0.0.1");
            admin.auth().login(new LoginRequest(TestServers.ADMIN_EMAIL, Secret.of(TestServers.ADMIN_PASSWORD)));
        }
    }

    /** Direct work on the database while the server is stopped. */
    interface DatabaseWork {
        void run(Connection c) throws SQLException;
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A client whose requests come from {@code ip} (a loopback address). */
    BulwarkClient clientFrom(String ip) {
        try {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .localAddress(InetAddress.getByName(ip))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            return new BulwarkClient(server.baseUri(), http);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    MfaChallenge challenge(BulwarkClient client, String email, String password) {
        LoginOutcome outcome = client.auth().login(new LoginRequest(email, Secret.of(password)));
        assertThat(outcome).isInstanceOf(LoginOutcome.MfaRequired.class);
        return ((LoginOutcome.MfaRequired) outcome).challenge();
    }

    BulwarkClient signInWithEmailCode(String email, String password, String ip) {
        BulwarkClient client = clientFrom(ip);
        MfaChallenge challenge = challenge(client, email, password);
        client.auth()
                .completeSecondFactor(
                        new MfaVerifyRequest(challenge.challengeId(), MfaMethod.EMAIL, Secret.of(lastCodeTo(email))));
        return client;
    }

    /** Every message GreenMail received, newest last. */
    static List<MimeMessage> mails() {
        return List.of(MAIL.getReceivedMessages());
    }

    static List<MimeMessage> mailsTo(String email) {
        return mails().stream()
                .filter(m -> GreenMailUtil.getAddressList(recipients(m)).contains(email))
                .toList();
    }

    private static jakarta.mail.Address[] recipients(MimeMessage m) {
        try {
            return m.getAllRecipients();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code in the newest code mail to {@code email}. */
    static String lastCodeTo(String email) {
        List<MimeMessage> mails = mailsTo(email);
        for (int i = mails.size() - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(GreenMailUtil.getBody(mails.get(i)));
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("No code was mailed to " + email);
    }

    List<AuditEvent> audited(AuditAction action) {
        return admin.audit()
                .events(new AuditQuery(null, null, null, action.code(), null, null, null, null, null, 1000, null))
                .events();
    }

    void advance(Duration by) {
        clock.advance(by);
    }

    /** The problem {@code call} fails with. */
    static ApiException failure(Runnable call) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class, call::run);
    }
}
