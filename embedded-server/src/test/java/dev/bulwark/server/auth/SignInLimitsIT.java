package dev.bulwark.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits over real HTTP (docs/decisions/0014-rate-limits-and-lockout.md): 429 problems with Retry-After and
 * RateLimit-* headers, audited once; on H2 and, in the failsafe execution {@code postgresql}, on PostgreSQL
 * (docs/decisions/0037-rate-limits-across-nodes.md).
 */
class SignInLimitsIT {
    private static final String LEE = "lee@example.com";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private BulwarkServer server;
    private BulwarkClient admin;
    private RawSignIn signIn;

    /** Starts a server with {@code environment}, an admin and Lee, then lets every bucket fill up again. */
    private void start(Map<String, String> environment) {
        server = TestServers.embedded(dir, environment, clock);
        TestServers.createAdmin(server);
        admin = IdentityFixtures.admin(server);
        IdentityFixtures.createUser(admin, LEE, "Lee", Role.USER);
        signIn = new RawSignIn(server);
        clock.advance(Duration.ofMinutes(1));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return Json.lenient().readTree(response.body());
    }

    private List<AuditEvent> audited(AuditAction action) {
        return admin.audit()
                .events(new AuditQuery(null, null, null, action.code(), null, null, null, null, null, 1000, null))
                .events();
    }

    @Test
    void tooManySignInsFromOneAddress_get429WithRetryAfterRateLimitHeadersAndAProblem() throws Exception {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "5/1m"));
        for (int i = 0; i < 5; i++) {
            assertThat(signIn.attempt("nobody" + i + "@example.com", "guess").statusCode())
                    .isEqualTo(401);
        }

        HttpResponse<String> refused = signIn.attempt(LEE, IdentityFixtures.PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        long retryAfter =
                Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 12L);
        assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue("5");
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(refused.headers().firstValue("RateLimit-Reset")).hasValue(Long.toString(retryAfter));
        JsonNode problem = body(refused);
        assertThat(problem.get("type").asText())
                .isEqualTo(ProblemType.RATE_LIMITED.uri().toString());
        assertThat(problem.get("detail").asText())
                .isEqualTo("Too many sign-in attempts from this address. Try again in " + retryAfter + " seconds.");
        assertThat(problem.get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(audited(AuditAction.AUTH_LOGIN_SUCCESS)).hasSize(1);
    }

    @Test
    void aRefusedSignIn_isAllowedAgainAfterRetryAfter() {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "5/1m"));
        for (int i = 0; i < 5; i++) {
            signIn.attempt("nobody" + i + "@example.com", "guess");
        }
        HttpResponse<String> refused = signIn.attempt(LEE, IdentityFixtures.PASSWORD);
        long retryAfter =
                Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());

        clock.advance(Duration.ofSeconds(retryAfter));

        assertThat(signIn.attempt(LEE, IdentityFixtures.PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownEmails_areLimitedPerAccountExactlyLikeKnownOnes() throws Exception {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT", "3/1m"));
        HttpResponse<String> known = null;
        HttpResponse<String> unknown = null;
        for (int i = 0; i < 4; i++) {
            known = signIn.attempt(i % 2 == 0 ? LEE : " Lee@Example.COM", "guess " + i);
            unknown = signIn.attempt(i % 2 == 0 ? "ghost@example.com" : "GHOST@example.com ", "guess " + i);
        }

        assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(429);
        assertThat(body(known).get("detail").asText())
                .isEqualTo(body(unknown).get("detail").asText())
                .startsWith("Too many sign-in attempts for this account. Try again in ");
        assertThat(known.headers().firstValue("RateLimit-Limit"))
                .isEqualTo(unknown.headers().firstValue("RateLimit-Limit"))
                .hasValue("3");
        assertThat(signIn.attempt("someone.else@example.com", "guess").statusCode())
                .isEqualTo(401);
    }

    @Test
    void aSignInRefusedByALimit_neverReachesThePasswordCheck() {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT", "2/1m"));
        for (int i = 0; i < 12; i++) {
            signIn.attempt(LEE, "guess " + i);
        }

        assertThat(audited(AuditAction.AUTH_LOGIN_FAILURE)).hasSize(2);
        assertThat(admin.users().search(LEE, 1, null).items().getFirst().failedSignIns())
                .isEqualTo(2);
    }

    @Test
    void aRateLimitHit_isAuditedOncePerPeriodAndKey_notPerRequest() {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT", "2/1m"));
        for (int i = 0; i < 10; i++) {
            signIn.attempt(LEE, "guess " + i);
        }
        for (int i = 0; i < 10; i++) {
            signIn.attempt("ghost@example.com", "guess " + i);
        }
        assertThat(audited(AuditAction.RATE_LIMIT)).hasSize(2);

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            signIn.attempt(LEE, "guess " + i);
        }

        List<AuditEvent> hits = audited(AuditAction.RATE_LIMIT);
        assertThat(hits).hasSize(3);
        assertThat(hits).allSatisfy(e -> {
            assertThat(e.targetName()).isEqualTo("sign-in-per-account");
            assertThat(e.sourceIp()).isEqualTo("127.0.0.1");
            assertThat(e.reason()).startsWith("Too many sign-in attempts for this account.");
        });
        assertThat(hits).extracting(e -> e.actor().email()).containsOnly(LEE, "ghost@example.com");
    }

    @Test
    void theBuckets_liveInMemoryOnH2_andInTheDatabaseOnPostgresql() throws Exception {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "2/1m"));
        for (int i = 0; i < 3; i++) {
            signIn.attempt("nobody@example.com", "guess");
        }
        server.close();
        server = null;

        List<String> stored = new ArrayList<>();
        try (Connection c = TestDatabase.connect(dir);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id FROM rate_limit_bucket")) {
            while (r.next()) {
                stored.add(r.getString("id"));
            }
        }

        if (TestDatabase.postgresql()) {
            assertThat(stored)
                    .contains(
                            "sign-in-per-ip|127.0.0.1",
                            "audit|sign-in-per-ip|127.0.0.1",
                            "sign-in-per-account|nobody@example.com");
        } else {
            assertThat(stored)
                    .as("the single-node bundle keeps its buckets in memory")
                    .isEmpty();
        }
    }

    @Test
    void aSuccessfulSignIn_carriesRateLimitHeaders() {
        start(Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "5/1m"));

        HttpResponse<String> ok = signIn.attempt(LEE, IdentityFixtures.PASSWORD);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("RateLimit-Limit")).hasValue("5");
        assertThat(ok.headers().firstValue("RateLimit-Remaining")).hasValue("4");
        assertThat(ok.headers().firstValue("RateLimit-Reset")).isPresent();
    }

    @Test
    void publicEndpoints_areLimitedPerAddress_butHealthProbesAreNot() {
        start(Map.of("BULWARK_RATE_LIMITS_PUBLIC_PER_IP", "3/1m"));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = signIn.get("/api/v1/server", null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(2 - i));
        }

        HttpResponse<String> refused = signIn.get("/api/v1/server", null);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("Too many requests from this address.");
        for (int i = 0; i < 5; i++) {
            assertThat(signIn.get("/health/live", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theApi_isLimitedPerAccessToken() {
        start(Map.of("BULWARK_RATE_LIMITS_API_PER_CALLER", "3/1m"));
        String token = IdentityFixtures.signIn(server, LEE)
                .session()
                .orElseThrow()
                .accessToken()
                .reveal();
        for (int i = 0; i < 3; i++) {
            assertThat(signIn.get("/api/v1/me", token).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = signIn.get("/api/v1/me", token);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many requests with this access token.");
        assertThat(admin.me().get().email()).as("another token is not limited").isEqualTo(TestServers.ADMIN_EMAIL);
    }

    @Test
    void theApi_isLimitedPerAddress() {
        start(Map.of("BULWARK_RATE_LIMITS_API_PER_IP", "2/1m"));
        admin.me().get();
        admin.me().get();

        HttpResponse<String> refused = signIn.get("/api/v1/me", "any.token.at-all");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue("2");
    }
}
