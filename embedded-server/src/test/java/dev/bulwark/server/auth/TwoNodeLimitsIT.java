package dev.bulwark.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerNodes;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database, as two nodes behind a proxy (decision 0037): the rate limits,
 * their audit gates and the account lockout count the requests of both. Only on PostgreSQL (the failsafe
 * execution {@code postgresql}); an H2 file cannot be shared. Each test uses its own source addresses (loopback
 * 127.0.0.x) and emails, so the two nodes serve every test of the class.
 */
class TwoNodeLimitsIT {
    private static final String LEE = "lee@example.com";
    private static final int SIGN_IN_PER_IP = 6;
    private static final int SIGN_IN_PER_ACCOUNT = 8;
    private static final int LOCKOUT_THRESHOLD = 6;
    private static final int API_PER_CALLER = 150;

    @TempDir
    static Path dir;

    private static ServerNodes nodes;
    private static URI a;
    private static URI b;
    private static BulwarkClient admin;

    @BeforeAll
    static void startTwoNodesOnOneDatabase() throws Exception {
        assumeTrue(TestDatabase.postgresql(), "two nodes need a shared PostgreSQL database (-DpostgresqlTestCluster)");
        nodes = ServerNodes.start(
                dir,
                Map.of(
                        "BULWARK_RATE_LIMITS_SIGN_IN_PER_IP",
                        SIGN_IN_PER_IP + "/1m",
                        "BULWARK_RATE_LIMITS_SIGN_IN_PER_ACCOUNT",
                        SIGN_IN_PER_ACCOUNT + "/1m",
                        "BULWARK_RATE_LIMITS_PUBLIC_PER_IP",
                        "3/3s",
                        "BULWARK_RATE_LIMITS_CLEANUP_INTERVAL",
                        "1s",
                        "BULWARK_SIGN_IN_LOCKOUT_THRESHOLD",
                        Integer.toString(LOCKOUT_THRESHOLD),
                        "BULWARK_RATE_LIMITS_API_PER_CALLER",
                        API_PER_CALLER + "/1m"));
        a = nodes.uriA();
        b = nodes.uriB();
        admin = new BulwarkClient(a);
        admin.auth().login(new LoginRequest(TestServers.ADMIN_EMAIL, Secret.of(TestServers.ADMIN_PASSWORD)));
        admin.users().create(new CreateUserRequest(LEE, "Lee", Role.USER, Secret.of(IdentityFixtures.PASSWORD), null));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static List<AuditEvent> audited(AuditAction action) {
        return admin.audit()
                .events(new AuditQuery(null, null, null, action.code(), null, null, null, null, null, 1000, null))
                .events();
    }

    private static String remaining(HttpResponse<String> response) {
        return response.headers().firstValue("RateLimit-Remaining").orElseThrow();
    }

    @Test
    void theSignInLimitPerAddress_countsAttemptsOnBothNodes() {
        RawSignIn viaA = new RawSignIn(a, "127.0.0.2");
        RawSignIn viaB = new RawSignIn(b, "127.0.0.2");
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < SIGN_IN_PER_IP; i++) {
            HttpResponse<String> response =
                    (i < SIGN_IN_PER_IP / 2 ? viaA : viaB).attempt("nobody" + i + "@example.com", "guess");
            assertThat(response.statusCode()).isEqualTo(401);
            remaining.add(remaining(response));
        }

        HttpResponse<String> refusedByA = viaA.attempt(LEE, IdentityFixtures.PASSWORD);
        HttpResponse<String> refusedByB = viaB.attempt(LEE, IdentityFixtures.PASSWORD);

        assertThat(remaining).containsExactly("5", "4", "3", "2", "1", "0");
        for (HttpResponse<String> refused : List.of(refusedByA, refusedByB)) {
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue(Integer.toString(SIGN_IN_PER_IP));
            assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            assertThat(refused.body())
                    .contains(ProblemType.RATE_LIMITED.slug())
                    .contains("Too many sign-in attempts from this address.");
        }
        assertThat(audited(AuditAction.RATE_LIMIT))
                .as("one record per key and period, whichever node refused")
                .filteredOn(e -> "127.0.0.2".equals(e.sourceIp()))
                .singleElement()
                .satisfies(e -> assertThat(e.targetName()).isEqualTo("sign-in-per-ip"));
    }

    @Test
    void theSignInLimitPerAccount_countsAttemptsOnBothNodes() {
        String email = "spread@example.com";
        for (int i = 0; i < SIGN_IN_PER_ACCOUNT; i++) {
            RawSignIn signIn = i % 2 == 0 ? new RawSignIn(a, "127.0.0.5") : new RawSignIn(b, "127.0.0.6");
            assertThat(signIn.attempt(email, "guess " + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> refusedByA = new RawSignIn(a, "127.0.0.7").attempt(email, "guess");
        HttpResponse<String> refusedByB = new RawSignIn(b, "127.0.0.7").attempt(" Spread@Example.com", "guess");

        for (HttpResponse<String> refused : List.of(refusedByA, refusedByB)) {
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue(Integer.toString(SIGN_IN_PER_ACCOUNT));
            assertThat(refused.body()).contains("Too many sign-in attempts for this account.");
        }
        assertThat(audited(AuditAction.RATE_LIMIT))
                .filteredOn(e -> "sign-in-per-account".equals(e.targetName()))
                .singleElement()
                .satisfies(e -> assertThat(e.actor().email()).isEqualTo(email));
    }

    @Test
    void concurrentFailuresOnBothNodes_countTogetherTowardTheLockout() throws Exception {
        UUID lee = admin.users().search(LEE, 1, null).items().getFirst().user().id();
        RawSignIn viaA = new RawSignIn(a, "127.0.0.3");
        RawSignIn viaB = new RawSignIn(b, "127.0.0.4");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> concurrent = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RawSignIn node : List.of(viaA, viaA, viaB, viaB)) {
                concurrent.add(threads.submit(() -> {
                    go.await();
                    return node.attempt(LEE, "wrong " + UUID.randomUUID()).statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> status : concurrent) {
                assertThat(status.get()).isEqualTo(401);
            }
        }

        BulwarkClient adminOnB = new BulwarkClient(b);
        adminOnB.auth().login(new LoginRequest(TestServers.ADMIN_EMAIL, Secret.of(TestServers.ADMIN_PASSWORD)));
        assertThat(adminOnB.users().get(lee).failedSignIns()).isEqualTo(4);
        assertThat(adminOnB.users().get(lee).lockedUntil()).isNull();

        assertThat(viaA.attempt(LEE, "wrong again").statusCode()).isEqualTo(401);
        HttpResponse<String> locking = viaB.attempt(LEE, "and again");
        HttpResponse<String> rightPassword = viaA.attempt(LEE, IdentityFixtures.PASSWORD);

        assertThat(rightPassword.statusCode()).isEqualTo(401);
        assertThat(RawSignIn.problemWithoutRequestId(rightPassword))
                .isEqualTo(RawSignIn.problemWithoutRequestId(locking))
                .contains(ProblemType.INVALID_CREDENTIALS.slug());
        assertThat(admin.users().get(lee).failedSignIns()).isEqualTo(LOCKOUT_THRESHOLD);
        assertThat(admin.users().get(lee).lockedUntil()).isNotNull();
        assertThat(audited(AuditAction.AUTH_LOCKOUT)).singleElement().satisfies(e -> assertThat(e.sourceIp())
                .isEqualTo("127.0.0.4"));
    }

    @Test
    void theLimitPerAccessToken_countsRequestsOnBothNodes_withinTheShareEachNodeMayCountAhead() throws Exception {
        BulwarkClient fresh = new BulwarkClient(a);
        fresh.auth().login(new LoginRequest(TestServers.ADMIN_EMAIL, Secret.of(TestServers.ADMIN_PASSWORD)));
        String token = fresh.session().orElseThrow().accessToken().reveal();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        int served = 0;
        int status = 200;
        for (int i = 0; i < 2 * API_PER_CALLER && status == 200; i++) {
            HttpResponse<String> response = http.send(
                    java.net.http.HttpRequest.newBuilder((i % 2 == 0 ? a : b).resolve("/api/v1/me"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            if (status == 200) {
                served++;
            }
        }

        assertThat(status).isEqualTo(429);
        // Each node may count 2 % of the limit (3 requests) before writing them to the shared bucket, and the bucket
        // refills by 2.5 requests a second while the loop runs; two separate buckets would have served 300.
        assertThat(served).isBetween(API_PER_CALLER, API_PER_CALLER + 2 * 3 + 15);
    }

    @Test
    void bucketsThatAreFullAgain_areDeletedByTheCleanUp() throws Exception {
        RawSignIn viaA = new RawSignIn(a, "127.0.0.9");
        RawSignIn viaB = new RawSignIn(b, "127.0.0.9");
        List<Integer> statuses = new ArrayList<>();
        for (RawSignIn node : List.of(viaA, viaB, viaA, viaB)) {
            statuses.add(node.get("/api/v1/server", null).statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(storedBuckets("%|127.0.0.9"))
                .containsExactlyInAnyOrder("public-per-ip|127.0.0.9", "audit|public-per-ip|127.0.0.9");

        // both buckets are full again 3 s after their last use; the clean-up runs every second on each node
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!storedBuckets("%|127.0.0.9").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }

        assertThat(storedBuckets("%|127.0.0.9")).isEmpty();
        assertThat(viaB.get("/api/v1/server", null).headers().firstValue("RateLimit-Remaining"))
                .as("a deleted bucket is a full one")
                .hasValue("2");
    }

    private static List<String> storedBuckets(String idPattern) throws SQLException {
        try (Connection c = TestDatabase.connect(dir.resolve("node-a"));
                PreparedStatement s = c.prepareStatement("SELECT id FROM rate_limit_bucket WHERE id LIKE ?")) {
            s.setString(1, idPattern);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString("id"));
                }
            }
            return ids;
        }
    }
}
