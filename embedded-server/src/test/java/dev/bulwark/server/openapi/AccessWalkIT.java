package dev.bulwark.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the OpenAPI document, tried without credentials and with an administrator's API token
 * narrowed to the AUDIT module: the first must always be refused as unauthenticated, the second everywhere
 * outside AUDIT, administrator-only routes included. A new route that forgets either check fails here.
 */
class AccessWalkIT {
    /**
     * Routes a narrowed token may use outside its module: who it belongs to, the server's status, and the
     * owner's own sessions, second factor and tokens (PRODUCT: a user always manages itself; creating a token
     * or changing a factor still needs a signed-in session, which the walk checks below as a 403).
     */
    private static boolean isSelf(ApiWalk.Op op) {
        return op.toString().equals("GET /api/v1/me")
                || op.toString().equals("GET /api/v1/server/status")
                || (op.template().startsWith("/api/v1/me/")
                        && !op.method().equals("POST")
                        && !op.method().equals("PUT"));
    }

    @TempDir
    static Path dir;

    private static BulwarkServer server;
    private static ApiWalk walk;

    @BeforeAll
    static void start() {
        // health and metrics answer anyone on loopback by default; walked here as on any other interface
        server = TestServers.embedded(dir, Map.of("BULWARK_OBSERVABILITY_OPEN_ON_LOOPBACK", "false"));
        TestServers.createAdmin(server);
        walk = new ApiWalk(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyOperationThatIsNotPublic_refusesAnAnonymousCaller() {
        List<ApiWalk.Op> ops = walk.operations();
        assertThat(ops).hasSizeGreaterThan(60);
        SoftAssertions soft = new SoftAssertions();
        for (ApiWalk.Op op : ops) {
            if (op.isPublic()) {
                continue;
            }
            HttpResponse<String> r = send(op, null);
            soft.assertThat(r.statusCode()).as(op + " anonymous").isEqualTo(401);
            soft.assertThat(r.body()).as(op + " anonymous").contains("not-authenticated");
        }
        soft.assertAll();
    }

    @Test
    void anAdministratorsTokenNarrowedToAudit_isRefusedEverywhereElse() {
        String token = auditOnlyToken();
        SoftAssertions soft = new SoftAssertions();
        int tried = 0;
        for (ApiWalk.Op op : walk.operations()) {
            if (op.isPublic()
                    || op.template().startsWith("/api/v1/audit")
                    || isSelf(op)
                    || op.template().endsWith("/logout")) {
                continue;
            }
            tried++;
            HttpResponse<String> r = send(op, token);
            soft.assertThat(r.statusCode()).as(op + " with an AUDIT-only token").isEqualTo(403);
        }
        soft.assertAll();
        assertThat(tried).isGreaterThan(50);
    }

    @Test
    void anAdministratorsTokenNarrowedToAudit_stillReadsTheTrail() {
        HttpResponse<String> r = walk.send("GET", "/api/v1/audit/events?limit=5", auditOnlyToken(), null, null);

        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> send(ApiWalk.Op op, String bearer) {
        String body = op.hasBody() ? "{}" : null;
        String type = op.hasBody() ? "application/json" : null;
        return walk.send(op.method(), op.path(), bearer, type, body);
    }

    private static String auditOnlyToken() {
        String body = "{\"name\":\"audit only\",\"expiresInDays\":30,\"modules\":[\"AUDIT\"]}";
        HttpResponse<String> r = walk.send("POST", "/api/v1/me/tokens", walk.adminToken(), "application/json", body);
        try {
            JsonNode created = Json.lenient().readTree(r.body());
            return created.path("value").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
