package dev.bulwark.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every log line the server writes while secrets pass through it (setup code, passwords, tokens) is one JSON
 * object, request lines carry the request id, and no secret appears in any of them, at the most verbose level.
 */
class JsonLogIT {
    @TempDir
    Path dir;

    @Test
    void everyLogLine_isJson_withItsRequestId_andNoSecret() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            private final JsonLogFormatter formatter = new JsonLogFormatter();

            @Override
            public void publish(LogRecord record) {
                lines.add(formatter.format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        List<Logger> verbose = List.of(Logger.getLogger("dev.bulwark"), Logger.getLogger("bulwark"));
        List<Level> before = new ArrayList<>();
        verbose.forEach(l -> before.add(l.getLevel()));
        List<String> secrets = new ArrayList<>();
        try (BulwarkServer server = TestServers.embedded(dir)) {
            Logger.getLogger("").addHandler(capture);
            verbose.forEach(l -> l.setLevel(Level.ALL));

            Secret code = server.newSetupCode().orElseThrow();
            secrets.add(code.reveal());
            String first = "first admin password 9931 plum";
            secrets.add(first);
            BulwarkClient client = new BulwarkClient(server.baseUri());
            client.setup().createFirstAdmin(new SetupRequest(code, "ada@example.com", "Ada", Secret.of(first)));
            var tokens = ((LoginOutcome.SignedIn)
                            client.auth().login(new LoginRequest("ada@example.com", Secret.of(first))))
                    .tokens();
            secrets.add(tokens.accessToken().reveal());
            secrets.add(tokens.refreshToken().reveal());
            String wrong = "wrong guess 77 kumquat";
            secrets.add(wrong);
            rawLogin(server, "ada@example.com", wrong);
            var refreshed = client.auth().refresh();
            secrets.add(refreshed.accessToken().reveal());
            String second = "second admin password 4417 fig";
            secrets.add(second);
            client.me().changePassword(new ChangePasswordRequest(Secret.of(first), Secret.of(second)));
            client.auth().login(new LoginRequest("ada@example.com", Secret.of(second)));
            var apiToken = client.me().tokens().create(CreateApiTokenRequest.named("ci"));
            secrets.add(apiToken.value().reveal());
        } finally {
            Logger.getLogger("").removeHandler(capture);
            for (int i = 0; i < verbose.size(); i++) {
                verbose.get(i).setLevel(before.get(i));
            }
        }

        assertThat(lines).isNotEmpty();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"logger\":\"bulwark.access\""));
        for (String line : lines) {
            assertThat(line).endsWith("}\n").doesNotContain("\n{");
            JsonNode json = Json.strict().readTree(line);
            assertThat(json.path("time").asText()).as(line).isNotEmpty();
            assertThat(json.path("level").asText()).as(line).isNotEmpty();
            if (json.path("logger").asText().equals("bulwark.access")) {
                assertThat(json.path("requestId").asText()).as(line).isNotEmpty();
            }
            for (String secret : secrets) {
                assertThat(line).as("a log line leaks a secret").doesNotContain(secret);
            }
        }
    }

    private static void rawLogin(BulwarkServer server, String email, String password) throws Exception {
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
