package dev.bulwark.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends malformed input to every operation of the OpenAPI document that takes a body, path parameters or query
 * parameters: each answer is a 4xx problem document with a stable type and no internals.
 */
class MalformedInputIT {
    private static final List<String> INTERNALS = List.of(
            "java.", "javax.", "org.h2", "io.helidon", "com.fasterxml", "Exception", "SQL", "dev.bulwark", "\tat ");

    @TempDir
    static Path dir;

    private static BulwarkServer server;
    private static ApiWalk walk;
    private static JsonNode document;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServers.embedded(dir);
        TestServers.createAdmin(server);
        walk = new ApiWalk(server);
        document = walk.document();
        token = walk.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyBody_refusesMalformedJson_withAProblem() {
        SoftAssertions soft = new SoftAssertions();
        List<ApiWalk.Op> ops = bodyOperations();
        assertThat(ops).hasSizeGreaterThan(15);
        for (ApiWalk.Op op : ops) {
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("not JSON", "{\"a\": ");
            bodies.put("empty", "");
            bodies.put("null", "null");
            bodies.put("an array", "[1,2]");
            bodies.put("a string", "\"text\"");
            bodies.put("trailing garbage", "{} {}");
            bodies.put("deep nesting", "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
            bodies.put("duplicate keys", "{\"x\":1,\"x\":2}");
            for (var body : bodies.entrySet()) {
                HttpResponse<String> r = walk.send(op.method(), op.path(), token, "application/json", body.getValue());
                expectProblem(soft, op + " with " + body.getKey(), r, 400);
            }
            HttpResponse<String> form = walk.send(op.method(), op.path(), token, "text/plain", "{}");
            expectProblem(soft, op + " as text/plain", form, 415);
            HttpResponse<String> none = walk.send(op.method(), op.path(), token, null, "{}");
            expectProblem(soft, op + " without a content type", none, 415);
        }
        soft.assertAll();
    }

    @Test
    void everyBody_listsUnknownFields_andOverLongValues() {
        SoftAssertions soft = new SoftAssertions();
        for (ApiWalk.Op op : bodyOperations()) {
            HttpResponse<String> unknown =
                    walk.send(op.method(), op.path(), token, "application/json", "{\"zzUnknown\":1,\"zzOther\":2}");
            JsonNode p = expectProblem(soft, op + " with unknown fields", unknown, 400);
            soft.assertThat(fields(p)).as(op + " unknown fields listed").contains("zzUnknown", "zzOther");

            JsonNode schema = schemaOf(op);
            schema.path("properties").properties().forEach(property -> {
                JsonNode text = property.getValue().path("type").asText().equals("array")
                        ? property.getValue().path("items")
                        : property.getValue();
                if (text.has("maxLength")) {
                    String huge = "x".repeat(text.path("maxLength").asInt() + 1);
                    String value = property.getValue().path("type").asText().equals("array")
                            ? "[\"" + huge + "\"]"
                            : "\"" + huge + "\"";
                    HttpResponse<String> r = walk.send(
                            op.method(),
                            op.path(),
                            token,
                            "application/json",
                            "{\"" + property.getKey() + "\":" + value + "}");
                    JsonNode over = expectProblem(soft, op + " with a long " + property.getKey(), r, 400);
                    soft.assertThat(String.join(",", fields(over)))
                            .as(op + " names " + property.getKey())
                            .contains(property.getKey());
                }
            });
        }
        soft.assertAll();
    }

    @Test
    void everyBody_refusesWrongTypesAndNulls_withAProblem() {
        SoftAssertions soft = new SoftAssertions();
        for (ApiWalk.Op op : bodyOperations()) {
            JsonNode schema = schemaOf(op);
            List<String> names = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(names::add);
            StringBuilder allNull = new StringBuilder("{");
            for (String name : names) {
                String type = schema.path("properties").path(name).path("type").asText();
                String wrong = type.equals("string") ? "{\"nested\":true}" : type.equals("array") ? "{}" : "\"text\"";
                HttpResponse<String> r = walk.send(
                        op.method(), op.path(), token, "application/json", "{\"" + name + "\":" + wrong + "}");
                expectProblem(soft, op + " with a wrong type for " + name, r, 400);
                HttpResponse<String> nulls =
                        walk.send(op.method(), op.path(), token, "application/json", "{\"" + name + "\":[null]}");
                expectProblem(soft, op + " with [null] for " + name, nulls, 0);
                allNull.append(allNull.length() > 1 ? "," : "")
                        .append('"')
                        .append(name)
                        .append("\":null");
            }
            HttpResponse<String> r = walk.send(
                    op.method(),
                    op.path(),
                    token,
                    "application/json",
                    allNull.append('}').toString());
            expectAnswer(soft, op + " with every field null", r);
        }
        soft.assertAll();
    }

    @Test
    void malformedPathIdsAndQueryParameters_areProblems() {
        SoftAssertions soft = new SoftAssertions();
        for (ApiWalk.Op op : walk.operations()) {
            if (op.template().endsWith("/logout")) {
                continue;
            }
            if (op.template().contains("{")) {
                for (String bad : List.of("not-an-id", "-1", "99999999999999999999999", "x".repeat(3_000), "%2e%2e")) {
                    String path = op.template().replaceAll("\\{[A-Za-z]+}", bad);
                    HttpResponse<String> r = walk.send(op.method(), path, token, "application/json", "{}");
                    String what = op + " with path id " + bad.substring(0, Math.min(bad.length(), 20));
                    if (op.isHtmlPage()) {
                        expectRefusedPage(soft, what, r);
                    } else {
                        expectProblem(soft, what, r, 0);
                    }
                }
            }
            for (String name : op.queryParameters()) {
                for (String bad : List.of("x", "-1", "99999999999999999999999", "x".repeat(3_000), "%00")) {
                    String path = op.path() + "?" + name + "=" + bad;
                    HttpResponse<String> r = walk.send(op.method(), path, token, null, null);
                    String what = op + " with " + name + "=" + bad.substring(0, Math.min(bad.length(), 20));
                    if (op.isHtmlPage()) {
                        expectRefusedPage(soft, what, r);
                    } else {
                        expectAnswer(soft, what, r);
                    }
                }
            }
        }
        soft.assertAll();
    }

    private static List<ApiWalk.Op> bodyOperations() {
        return walk.operations().stream().filter(ApiWalk.Op::hasBody).toList();
    }

    private static JsonNode schemaOf(ApiWalk.Op op) {
        String ref = op.spec()
                .at("/requestBody/content/application~1json/schema/$ref")
                .asText();
        return document.at(ref.substring(1));
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    /** A success, or a 4xx problem. */
    /** A browser page's refusal: a redirect back to the desktop, or a plain HTML page, never internals. */
    private static void expectRefusedPage(SoftAssertions soft, String what, HttpResponse<String> r) {
        soft.assertThat(r.statusCode()).as(what + " status").isBetween(300, 499);
        if (!r.body().isEmpty()) {
            soft.assertThat(r.headers().firstValue("Content-Type"))
                    .as(what + " content type")
                    .contains("text/html; charset=utf-8");
        }
        for (String internal : INTERNALS) {
            soft.assertThat(r.body()).as(what + " leaks nothing internal").doesNotContain(internal);
        }
    }

    private static void expectAnswer(SoftAssertions soft, String what, HttpResponse<String> r) {
        if (r.statusCode() >= 300) {
            expectProblem(soft, what, r, 0);
        }
    }

    /** A problem document with {@code status} (any 4xx when 0), a stable type and no internals. */
    private static JsonNode expectProblem(SoftAssertions soft, String what, HttpResponse<String> r, int status) {
        if (status == 0) {
            soft.assertThat(r.statusCode()).as(what + " status").isBetween(400, 499);
        } else {
            soft.assertThat(r.statusCode()).as(what + " status").isEqualTo(status);
        }
        soft.assertThat(r.headers().firstValue("Content-Type"))
                .as(what + " content type")
                .contains("application/problem+json; charset=utf-8");
        for (String internal : INTERNALS) {
            soft.assertThat(r.body()).as(what + " leaks nothing internal").doesNotContain(internal);
        }
        try {
            JsonNode problem = Json.lenient().readTree(r.body());
            soft.assertThat(problem.path("type").asText()).as(what + " type").startsWith("urn:bulwark:problem:");
            soft.assertThat(problem.path("status").asInt())
                    .as(what + " status member")
                    .isEqualTo(r.statusCode());
            return problem;
        } catch (IOException e) {
            soft.fail(what + " answered no JSON: " + r.body());
            return Json.lenient().createObjectNode();
        }
    }
}
