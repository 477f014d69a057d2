package dev.bulwark.server.posture;

import static dev.bulwark.server.IdentityFixtures.createUser;
import static dev.bulwark.server.IdentityFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.mfa.MailSecurity;
import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureReport;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.db.Transactions;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The posture report over the API and offline, each verdict produced on purpose. */
class PostureIT extends AdminServerFixture {

    @Test
    void everyConfiguredProvidersRedirect_mustBeHttps_orLoopbackInTheBundle() {
        PostureCheck none = check(admin.posture().report(), "oauth-redirect");
        server.close();
        ServerSettings h2 = ServerSettings.standalone(
                dir, Optional.empty(), TestServers.environment(dir, Map.of()), Map.of(), false);
        try (Database database = Database.open(h2)) {
            Transactions tx = new Transactions(database);
            tx.write(c -> c.createStatement()
                    .executeUpdate("INSERT INTO oidc_provider (id, slug, display_name, issuer, client_id, scopes,"
                            + " enabled, created_at, updated_at) VALUES ('" + java.util.UUID.randomUUID()
                            + "', 'corp', 'Corp',"
                            + " 'https://id.example.com', 'bulwark', 'openid email', TRUE, CURRENT_TIMESTAMP,"
                            + " CURRENT_TIMESTAMP)"));
            Map<String, String> plain = new HashMap<>(TestServers.environment(dir, Map.of()));
            plain.put("BULWARK_SERVER_HOST", "10.0.0.5");
            Map<String, String> proxied = new HashMap<>(plain);
            proxied.put("BULWARK_SERVER_PUBLIC_URL", "https://bulwark.example.com");
            Clock clock = Clock.systemUTC();

            PostureCheck overPlainHttp = check(
                    new PostureChecks(
                                    ServerSettings.standalone(dir, Optional.empty(), plain, Map.of(), true),
                                    tx,
                                    () -> Level.INFO,
                                    clock)
                            .run(),
                    "oauth-redirect");
            PostureCheck behindHttpsProxy = check(
                    new PostureChecks(
                                    ServerSettings.standalone(dir, Optional.empty(), proxied, Map.of(), true),
                                    tx,
                                    () -> Level.INFO,
                                    clock)
                            .run(),
                    "oauth-redirect");
            PostureCheck inTheBundle = check(
                    new PostureChecks(
                                    ServerSettings.embedded(dir, TestServers.environment(dir, Map.of())),
                                    tx,
                                    () -> Level.INFO,
                                    clock)
                            .run(),
                    "oauth-redirect");

            assertThat(none.status()).isEqualTo(PostureStatus.PASS);
            assertThat(none.detail()).contains("No OAuth/OpenID Connect provider is configured");
            assertThat(overPlainHttp.status()).isEqualTo(PostureStatus.FAIL);
            assertThat(overPlainHttp.detail())
                    .contains("corp")
                    .contains("http://10.0.0.5/api/v1/auth/oidc/corp/callback");
            assertThat(behindHttpsProxy.status()).isEqualTo(PostureStatus.PASS);
            assertThat(behindHttpsProxy.detail())
                    .contains("https://bulwark.example.com/api/v1/auth/oidc/corp/callback");
            assertThat(inTheBundle.status()).isEqualTo(PostureStatus.PASS);
            assertThat(inTheBundle.detail()).contains("this computer only");
        }
    }

    private static PostureCheck check(PostureReport report, String id) {
        return report.checks().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id));
    }

    /** Runs the checks on the stopped test server's data directory with other settings, level and time. */
    private PostureReport offline(Map<String, String> environment, Level logLevel, Instant at) {
        server.close();
        Map<String, String> env = new HashMap<>(TestServers.FAST_HASHING);
        env.putAll(environment);
        ServerSettings settings = ServerSettings.standalone(dir, Optional.empty(), env, Map.of(), false);
        ServerSettings h2 = ServerSettings.standalone(
                dir, Optional.empty(), TestServers.environment(dir, Map.of()), Map.of(), false);
        try (Database database = Database.open(h2)) {
            return new PostureChecks(
                            settings, new Transactions(database), () -> logLevel, Clock.fixed(at, ZoneOffset.UTC))
                    .run();
        }
    }

    @Test
    void theReport_listsEveryCheckOfTheChecklistWithWhyItMattersAndHowToFixIt() {
        PostureReport report = admin.posture().report();

        assertThat(report.checks())
                .extracting(PostureCheck::id)
                .containsExactly(
                        "master-key",
                        "tls",
                        "bind-address",
                        "first-admin",
                        "mfa",
                        "oauth-redirect",
                        "hash-iterations",
                        "database-credentials",
                        "debug-logging",
                        "signing-key-age",
                        "api-tokens",
                        "inactive-admins",
                        "audit-verified",
                        "last-backup",
                        "last-restore-test",
                        "forwarding",
                        "clock");
        assertThat(report.checks()).allSatisfy(c -> {
            assertThat(c.title()).isNotBlank();
            assertThat(c.detail()).isNotBlank();
            assertThat(c.why()).isNotBlank();
            assertThat(c.fix().isBlank()).isEqualTo(c.status() == PostureStatus.PASS);
        });
        assertThat(report.passed() + report.warnings() + report.failures()).isEqualTo(report.total());
    }

    @Test
    void theTestServersLowHashIterationsAndMfaOff_fail_whileItsLoopbackKeyFileAndSetupPass() {
        PostureReport report = admin.posture().report();

        assertThat(check(report, "hash-iterations").status()).isEqualTo(PostureStatus.FAIL);
        assertThat(check(report, "hash-iterations").detail()).contains("1,000");
        assertThat(check(report, "master-key").status()).isEqualTo(PostureStatus.PASS);
        assertThat(check(report, "tls").status()).isEqualTo(PostureStatus.PASS);
        assertThat(check(report, "bind-address").status()).isEqualTo(PostureStatus.PASS);
        assertThat(check(report, "first-admin").status()).isEqualTo(PostureStatus.PASS);
        assertThat(check(report, "clock").status()).isEqualTo(PostureStatus.PASS);
        assertThat(check(report, "mfa").status()).isEqualTo(PostureStatus.FAIL);
        assertThat(check(report, "last-backup").detail())
                .isEqualTo("No backup has been made yet; backups run daily at 02:00 (server time).");
        // the throw-away PostgreSQL cluster of a test run has neither password nor TLS, which the report rightly fails
        if (TestDatabase.postgresql()) {
            assertThat(check(report, "database-credentials").status()).isEqualTo(PostureStatus.FAIL);
        }
        assertThat(report.failures()).isEqualTo(TestDatabase.postgresql() ? 3 : 2);
    }

    @Test
    void mfaOnWithoutMailOrAuthenticator_warnsAndNamesTheAdministrator() {
        admin.mfa().updateSettings(new UpdateSignInSettingsRequest(true, "", 587, MailSecurity.STARTTLS, "", null, ""));

        PostureCheck mfa = check(admin.posture().report(), "mfa");

        assertThat(mfa.status()).isEqualTo(PostureStatus.WARN);
        assertThat(mfa.detail()).contains("mail is not set up").contains(TestServers.ADMIN_EMAIL);
        assertThat(mfa.fix()).contains("Settings → Sign-in");
    }

    @Test
    void verifyingTheAuditChain_turnsItsCheckFromWarnToPass() {
        assertThat(check(admin.posture().report(), "audit-verified").status()).isEqualTo(PostureStatus.WARN);

        admin.audit().verify();

        PostureCheck verified = check(admin.posture().report(), "audit-verified");
        assertThat(verified.status()).isEqualTo(PostureStatus.PASS);
        assertThat(verified.fix()).isEmpty();
    }

    @Test
    void readingTheReport_needsReadAccessToSettings() {
        UUID bob = createUser(admin, "bob@example.com", "Bob", Role.USER).user().id();
        BulwarkClient client = signIn(server, "bob@example.com");

        assertThat(failure(() -> client.posture().report()).type()).isEqualTo(ProblemType.FORBIDDEN);

        admin.users().setGrants(bob, new Grants(Map.of(Module.SETTINGS, AccessLevel.READ)));
        assertThat(client.posture().report().checks()).hasSize(17);
    }

    @Test
    void aMasterKeyFileTheGroupMayRead_fails() throws Exception {
        var file = dir.resolve(MasterKey.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        PostureCheck key = check(offline(Map.of(), Level.INFO, Instant.now()), "master-key");

        assertThat(key.status()).isEqualTo(PostureStatus.FAIL);
        assertThat(key.fix()).isEqualTo("Run: chmod 600 " + file);
    }

    @Test
    void aStandaloneServerWithGoodSettings_passesHashingAndWarnsAboutItsKeyFileAndMissingCertificate() {
        PostureReport report = offline(
                Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "600000", "BULWARK_SERVER_HOST", "0.0.0.0"),
                Level.FINE,
                Instant.now());

        assertThat(check(report, "hash-iterations").status()).isEqualTo(PostureStatus.PASS);
        assertThat(check(report, "master-key").status()).isEqualTo(PostureStatus.WARN);
        assertThat(check(report, "tls").status()).isEqualTo(PostureStatus.FAIL);
        assertThat(check(report, "bind-address").status()).isEqualTo(PostureStatus.WARN);
        assertThat(check(report, "debug-logging").status()).isEqualTo(PostureStatus.WARN);
    }

    @Test
    void hashIterationsBetweenTheMinimumAndTheRecommendation_warn() {
        PostureReport report = offline(Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "310000"), Level.INFO, Instant.now());

        assertThat(check(report, "hash-iterations").status()).isEqualTo(PostureStatus.WARN);
    }

    @Test
    void aPostgresqlDatabaseWithoutPasswordOrTls_fails() {
        PostureReport report = offline(
                Map.of("BULWARK_DATABASE_URL", "jdbc:postgresql://db.example.com/bulwark"), Level.INFO, Instant.now());

        PostureCheck db = check(report, "database-credentials");
        assertThat(db.status()).isEqualTo(PostureStatus.FAIL);
        assertThat(db.detail()).contains("no database password", "sslmode");
    }

    @Test
    void aHundredDaysLater_staleTokensInactiveAdminsAndAnOldSigningKeyAreFlagged() {
        admin.me().tokens().create(new CreateApiTokenRequest("nightly-export", 365, null, null));

        PostureReport report = offline(Map.of(), Level.INFO, Instant.now().plus(Duration.ofDays(100)));

        assertThat(check(report, "api-tokens").status()).isEqualTo(PostureStatus.WARN);
        assertThat(check(report, "api-tokens").detail()).contains("nightly-export");
        assertThat(check(report, "inactive-admins").status()).isEqualTo(PostureStatus.WARN);
        assertThat(check(report, "inactive-admins").detail()).contains(TestServers.ADMIN_EMAIL);
        assertThat(check(report, "signing-key-age").status()).isEqualTo(PostureStatus.FAIL);
        assertThat(check(report, "clock").status()).isEqualTo(PostureStatus.PASS);
    }

    @Test
    void aClockBehindTheNewestAuditRecord_fails() {
        PostureCheck clock = check(offline(Map.of(), Level.INFO, Instant.now().minus(Duration.ofDays(1))), "clock");

        assertThat(clock.status()).isEqualTo(PostureStatus.FAIL);
        assertThat(clock.detail()).contains("the clock went back");
    }
}
