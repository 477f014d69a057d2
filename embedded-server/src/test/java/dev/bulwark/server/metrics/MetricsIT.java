package dev.bulwark.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Json;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} in the Prometheus text format, and who may read it and {@code /health/*}. */
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(BulwarkServer server, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> login(BulwarkServer server, String email, String password) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Json.lenient().writeValueAsString(Map.of("email", email, "password", password))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onLoopback_metricsCountRequestsByRouteTemplate_signIns_rateLimits_andTheAuditChain() throws Exception {
        try (BulwarkServer server = TestServers.embedded(dir, Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "3/1h"))) {
            TestServers.createAdmin(server);
            login(server, TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD);
            login(server, TestServers.ADMIN_EMAIL, "wrong password");
            login(server, "nobody@example.com", "wrong password");
            login(server, "nobody@example.com", "wrong password");
            get(server, "/api/v1/users/" + UUID.randomUUID(), null);

            HttpResponse<String> r = get(server, "/metrics", null);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/plain; version=0.0.4")
                    .contains("charset=utf-8");
            assertThat(r.body())
                    .contains(
                            "bulwark_http_requests_total{method=\"GET\",route=\"/api/v1/users/{id}\",status=\"401\"} 1.0")
                    .contains(
                            "bulwark_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/auth/login\"")
                    .contains("bulwark_sign_ins_total{outcome=\"success\"} 1.0")
                    .contains("bulwark_sign_ins_total{outcome=\"failure\"} 2.0")
                    .contains("bulwark_sign_ins_total{outcome=\"rate-limited\"} 1.0")
                    .contains("bulwark_rate_limit_hits_total{route=\"/api/v1/auth/login\"} 1.0")
                    .containsPattern("bulwark_audit_chain_length [1-9][0-9]*\\.0");
            assertThat(r.body()).doesNotContain("route=\"/api/v1/users/" + "0").doesNotContain("nobody");
        }
    }

    @Test
    void onLoopback_healthAndMetricsAnswerWithoutSignIn() throws Exception {
        try (BulwarkServer server = TestServers.embedded(dir)) {
            for (String path : List.of("/metrics", "/health/live", "/health/ready")) {
                assertThat(get(server, path, null).statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void whenNotOpen_healthAndMetricsNeedABearerWithSettingsRead() throws Exception {
        try (BulwarkServer server =
                TestServers.embedded(dir, Map.of("BULWARK_OBSERVABILITY_OPEN_ON_LOOPBACK", "false"))) {
            TestServers.createAdmin(server);
            var admin = IdentityFixtures.admin(server);
            String adminToken = admin.me()
                    .tokens()
                    .create(CreateApiTokenRequest.named("scraper"))
                    .value()
                    .reveal();
            var member = IdentityFixtures.createUser(admin, "member@example.com", "Mia Member", Role.USER);
            String memberToken = tokenOf(IdentityFixtures.signIn(server, "member@example.com"));
            var reader = IdentityFixtures.createUser(admin, "reader@example.com", "Rita Reader", Role.USER);
            admin.users().setGrants(reader.user().id(), new Grants(Map.of(Module.SETTINGS, AccessLevel.READ)));
            String readerToken = tokenOf(IdentityFixtures.signIn(server, "reader@example.com"));

            for (String path : List.of("/metrics", "/health/live", "/health/ready")) {
                HttpResponse<String> anonymous = get(server, path, null);
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                assertThat(anonymous.body()).contains("urn:bulwark:problem:not-authenticated");
                assertThat(get(server, path, memberToken).statusCode()).as(path).isEqualTo(403);
                assertThat(get(server, path, readerToken).statusCode()).as(path).isEqualTo(200);
                assertThat(get(server, path, adminToken).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(member.user().role()).isEqualTo(Role.USER);
        }
    }

    private static String tokenOf(dev.bulwark.model.client.BulwarkClient client) {
        return client.me()
                .tokens()
                .create(CreateApiTokenRequest.named("t"))
                .value()
                .reveal();
    }
}
