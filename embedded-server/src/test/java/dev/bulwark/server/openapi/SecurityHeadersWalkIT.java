package dev.bulwark.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the OpenAPI document, signed in and not, plus HEAD, OPTIONS, a wrong method and an unknown
 * path, answers with exactly the headers PRODUCT §7 lists.
 */
class SecurityHeadersWalkIT {
    @TempDir
    static Path dir;

    private static BulwarkServer server;
    private static ApiWalk walk;

    @BeforeAll
    static void start() {
        server = TestServers.embedded(dir);
        TestServers.createAdmin(server);
        walk = new ApiWalk(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    /** The few HTML pages (the end of a browser sign-in) may use their own inline style, nothing else. */
    private static final String HTML_PAGE_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Test
    void everyOperation_signedInOrNot_carriesTheSecurityHeaders() {
        List<ApiWalk.Op> ops = walk.operations();
        assertThat(ops).hasSizeGreaterThan(60);
        String token = walk.adminToken();
        SoftAssertions soft = new SoftAssertions();
        for (ApiWalk.Op op : ops) {
            String body = op.hasBody() ? "{}" : null;
            String type = op.hasBody() ? "application/json" : null;
            String csp = op.isHtmlPage() ? HTML_PAGE_POLICY : API_POLICY;
            check(soft, op + " anonymous", walk.send(op.method(), op.path(), null, type, body), csp);
            check(soft, op + " signed in", walk.send(op.method(), op.path(), token, type, body), csp);
        }
        soft.assertAll();
    }

    @Test
    void headOptionsWrongMethodsAndUnknownPaths_carryTheSecurityHeadersToo() {
        String token = walk.adminToken();
        SoftAssertions soft = new SoftAssertions();
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(walk.send("HEAD", "/api/v1/server", null, null, null));
        answers.add(walk.send("HEAD", "/api/v1/users", token, null, null));
        answers.add(walk.send("OPTIONS", "/api/v1/users", token, null, null));
        answers.add(walk.send("PATCH", "/api/v1/users", token, "application/json", "{}"));
        answers.add(walk.send("DELETE", "/api/v1/server", null, null, null));
        answers.add(walk.send("GET", "/nowhere", null, null, null));
        answers.add(walk.send("GET", "/api/v1/users/not-a-uuid", token, null, null));
        answers.add(walk.send("TRACE", "/api/v1/server", null, null, null));
        for (HttpResponse<String> r : answers) {
            check(soft, r.request().method() + " " + r.uri().getPath(), r);
        }
        soft.assertAll();
    }

    @Test
    void auditExports_inEitherFormat_carryACharsetAndTheHeaders() {
        String token = walk.adminToken();
        SoftAssertions soft = new SoftAssertions();
        for (String format : List.of("bundle", "csv")) {
            HttpResponse<String> r = walk.send("GET", "/api/v1/audit/export?format=" + format, token, null, null);
            soft.assertThat(r.statusCode()).as(format).isEqualTo(200);
            check(soft, "export as " + format, r);
        }
        soft.assertAll();
    }

    @Test
    void aWrongMethod_isMethodNotAllowed_withAllow() {
        HttpResponse<String> r = walk.send("PATCH", "/api/v1/users", walk.adminToken(), "application/json", "{}");

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, POST, OPTIONS");
        assertThat(r.body()).contains("urn:bulwark:problem:method-not-allowed");
    }

    @Test
    void head_isRefusedWithoutABody_soClientsDoNotWaitForOne() {
        HttpResponse<String> known = walk.send("HEAD", "/api/v1/server", null, null, null);
        HttpResponse<String> unknown = walk.send("HEAD", "/nowhere", null, null, null);

        assertThat(known.statusCode()).isEqualTo(405);
        assertThat(known.headers().firstValue("Allow")).contains("GET, OPTIONS");
        assertThat(known.headers().firstValue("Content-Length")).contains("0");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Length")).contains("0");
    }

    @Test
    void options_answersWithAllow() {
        HttpResponse<String> r = walk.send("OPTIONS", "/api/v1/users/" + java.util.UUID.randomUUID(), null, null, null);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Allow")).contains("GET, PUT, DELETE, OPTIONS");
    }

    @Test
    void plainHttp_sendsNoHsts() {
        HttpResponse<String> r = walk.send("GET", "/api/v1/server", null, null, null);

        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    private static void check(SoftAssertions soft, String what, HttpResponse<String> r) {
        check(soft, what, r, API_POLICY);
    }

    private static void check(SoftAssertions soft, String what, HttpResponse<String> r, String csp) {
        // 503 only as the stated answer of a mail-sending route on a server without mail
        if (!(r.statusCode() == 503 && r.body().contains("mail-unavailable"))) {
            soft.assertThat(r.statusCode()).as(what + " status").isBetween(200, 499);
        }
        soft.assertThat(r.headers().firstValue("X-Content-Type-Options"))
                .as(what)
                .contains("nosniff");
        soft.assertThat(r.headers().firstValue("X-Frame-Options")).as(what).contains("DENY");
        soft.assertThat(r.headers().firstValue("Referrer-Policy")).as(what).contains("no-referrer");
        soft.assertThat(r.headers().firstValue("Content-Security-Policy"))
                .as(what)
                .contains(csp);
        soft.assertThat(r.headers().firstValue("Cache-Control")).as(what).contains("no-store");
        soft.assertThat(r.headers().firstValue("X-Request-Id")).as(what).isPresent();
        boolean hasBody = r.statusCode() != 204 && !r.request().method().equals("HEAD");
        if (hasBody) {
            soft.assertThat(r.headers().firstValue("Content-Type"))
                    .as(what + " Content-Type")
                    .hasValueSatisfying(type -> soft.assertThat(type).as(what).containsIgnoringCase("charset=utf-8"));
        }
    }
}
