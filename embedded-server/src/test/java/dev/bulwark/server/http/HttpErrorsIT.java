package dev.bulwark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get a problem document with a stable type and a plain sentence, and no internals. */
class HttpErrorsIT {
    @TempDir
    static Path dir;

    private static BulwarkServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServers.embedded(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(
                b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json; charset=utf-8");
        JsonNode node = Json.lenient().readTree(response.body());
        assertThat(node.get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(node.get("requestId").asText())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        return node;
    }

    @Test
    void formBody_isUnsupportedMediaType() throws Exception {
        HttpResponse<String> r = post("/api/v1/auth/login", "application/x-www-form-urlencoded", "email=a&password=b");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(problem(r).get("type").asText()).isEqualTo("urn:bulwark:problem:unsupported-media-type");
    }

    @Test
    void malformedJson_isAMalformedRequest() throws Exception {
        HttpResponse<String> r = post("/api/v1/auth/login", "application/json", "{\"email\": ");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = problem(r);
        assertThat(p.get("type").asText()).isEqualTo("urn:bulwark:problem:malformed-request");
        assertThat(p.get("detail").asText()).isEqualTo("The request body is not valid JSON.");
    }

    @Test
    void emptyBody_isAMalformedRequest() throws Exception {
        HttpResponse<String> r = post("/api/v1/setup", "application/json", "");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(problem(r).get("detail").asText()).contains("empty");
    }

    @Test
    void jsonArrayInsteadOfObject_isAMalformedRequest() throws Exception {
        HttpResponse<String> r = post("/api/v1/auth/login", "application/json", "[1,2]");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(problem(r).get("type").asText()).isEqualTo("urn:bulwark:problem:malformed-request");
    }

    @Test
    void unknownAndMistypedFields_areListed() throws Exception {
        HttpResponse<String> r = post("/api/v1/auth/login", "application/json", "{\"email\":\"a@b.c\",\"admin\":true}");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = problem(r);
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("admin");
        HttpResponse<String> typed = post("/api/v1/auth/login", "application/json", "{\"email\":[1]}");
        assertThat(problem(typed).get("errors").get(0).get("field").asText()).isEqualTo("email");
    }

    @Test
    void bodyOverOneMebibyte_isPayloadTooLarge() throws Exception {
        String big = "{\"email\":\"" + "a".repeat(1_100_000) + "\"}";

        // Expect: 100-continue lets the server refuse on the announced length before the body is sent; without it
        // the server's answer and its closing of the connection race the client still sending the megabyte.
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .expectContinue(true)
                        .POST(HttpRequest.BodyPublishers.ofString(big))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("urn:bulwark:problem:payload-too-large");
    }

    @Test
    void unknownPath_isNotFoundAsProblem() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/nothing-here"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode p = problem(r);
        assertThat(p.get("instance").asText()).isEqualTo("/api/v1/nothing-here");
    }

    @Test
    void everyResponse_carriesTheSecurityHeaders() throws Exception {
        for (String path : new String[] {"/api/v1/server", "/health/live", "/nowhere"}) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(server.baseUri().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .contains("default-src 'none'; frame-ancestors 'none'");
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).contains("charset=utf-8");
        }
    }

    @Test
    void health_isLiveAndReady() throws Exception {
        HttpResponse<String> ready = HTTP.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/health/ready"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void serverStatus_needsSignIn() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/server/status"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(problem(r).get("type").asText()).isEqualTo("urn:bulwark:problem:not-authenticated");
    }
}
