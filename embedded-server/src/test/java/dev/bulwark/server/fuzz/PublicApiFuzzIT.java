package dev.bulwark.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestServers;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the JSON bodies and query parameters of the public routes (sign-in, setup, refresh, the password check)
 * and the audit query with a token, against one real server: no answer is a 500, none takes longer than the
 * per-request timeout, and every error is a problem document. The normal test run fuzzes for a few seconds;
 * {@code JAZZER_MAX_DURATION} makes it longer (README, "Fuzzing").
 */
class PublicApiFuzzIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> BODY_ROUTES =
            List.of("/api/v1/auth/login", "/api/v1/setup", "/api/v1/auth/refresh", "/api/v1/password-policy/check");
    private static final List<String> FIELDS =
            List.of("email", "password", "setupCode", "displayName", "refreshToken", "name", "zz", "", "__proto__");
    private static final List<String> AUDIT_PARAMS =
            List.of("from", "to", "actor", "action", "targetType", "targetId", "outcome", "ip", "q", "limit", "before");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=latin1",
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/problem+json",
            "");

    private static Path dir;
    private static BulwarkServer server;
    private static String apiToken;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("bulwark-fuzz");
        server = TestServers.embedded(dir);
        TestServers.createAdmin(server);
        BulwarkClient admin = IdentityFixtures.admin(server);
        apiToken = admin.me()
                .tokens()
                .create(CreateApiTokenRequest.named("fuzz"))
                .value()
                .reveal();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "5s")
    void publicRoutesAndAuditQueries_neverFailOrHang(FuzzedDataProvider data) throws Exception {
        if (data.consumeBoolean()) {
            fuzzBody(data);
        } else {
            fuzzAuditQuery(data);
        }
    }

    private static void fuzzBody(FuzzedDataProvider data) throws Exception {
        String route = data.pickValue(BODY_ROUTES);
        String contentType = data.pickValue(CONTENT_TYPES);
        String body;
        if (data.consumeBoolean()) {
            StringBuilder json = new StringBuilder("{");
            int fields = data.consumeInt(0, 4);
            for (int i = 0; i < fields; i++) {
                json.append(i > 0 ? "," : "")
                        .append(quoted(data.pickValue(FIELDS)))
                        .append(':')
                        .append(value(data));
            }
            body = json.append('}').toString();
        } else {
            body = data.consumeString(4_000);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(route))
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        check(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static String value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 5)) {
            case 0 -> quoted(data.consumeString(300));
            case 1 -> Long.toString(data.consumeLong());
            case 2 -> "null";
            case 3 -> "[" + quoted(data.consumeString(50)) + "]";
            case 4 -> "{\"a\":" + quoted(data.consumeString(50)) + "}";
            default -> Boolean.toString(data.consumeBoolean());
        };
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static void fuzzAuditQuery(FuzzedDataProvider data) throws Exception {
        StringBuilder query = new StringBuilder("/api/v1/audit/");
        query.append(data.pickValue(List.of("events", "histogram", "export"))).append('?');
        int params = data.consumeInt(1, 4);
        for (int i = 0; i < params; i++) {
            String name = data.consumeBoolean() ? data.pickValue(AUDIT_PARAMS) : data.consumeString(20);
            query.append(i > 0 ? "&" : "")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(data.consumeString(200), StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(query.toString()))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + apiToken)
                .GET()
                .build();
        check(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static void check(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
        if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json; charset=utf-8");
            assertThat(r.body()).contains("urn:bulwark:problem:").doesNotContain("Exception");
        }
    }
}
