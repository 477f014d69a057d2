package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.ChangePasswordRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants known secrets through every API that takes one and proves none reaches a log line, a problem
 * document, an exception message, an audit record or the database in plain text.
 */
class SecretLeakIT {
    private static final String PASSWORD = "planted-password correct horse 7";
    private static final String NEW_PASSWORD = "planted-new-password battery staple 9";
    private static final String WRONG = "planted-wrong-password zebra 3";

    @TempDir
    Path dir;

    @Test
    void plantedSecrets_neverAppearInLogsProblemsOrTheDatabaseFile() throws Exception {
        List<String> logLines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logLines.add(new dev.bulwark.server.log.JsonLogFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD, WRONG));
        StringBuilder answers = new StringBuilder();
        StringBuilder auditRecords = new StringBuilder();
        try (BulwarkServer server = TestServers.embedded(dir)) {
            BulwarkClient client = new BulwarkClient(server.baseUri());
            Secret code = server.newSetupCode().orElseThrow();
            secrets.add(code.reveal());
            answers.append(failure(() -> client.setup()
                    .createFirstAdmin(new SetupRequest(code, "leak@example.com", "Leak", Secret.of("short")))));
            client.setup().createFirstAdmin(new SetupRequest(code, "leak@example.com", "Leak", Secret.of(PASSWORD)));
            answers.append(failure(() -> client.auth().login(new LoginRequest("leak@example.com", Secret.of(WRONG)))));
            client.auth().login(new LoginRequest("leak@example.com", Secret.of(PASSWORD)));
            secrets.add(client.session().orElseThrow().accessToken().reveal());
            secrets.add(client.session().orElseThrow().refreshToken().reveal());
            answers.append(failure(() ->
                    client.me().changePassword(new ChangePasswordRequest(Secret.of(WRONG), Secret.of(NEW_PASSWORD)))));
            client.me().changePassword(new ChangePasswordRequest(Secret.of(PASSWORD), Secret.of(NEW_PASSWORD)));
            client.auth().refresh();
            secrets.add(client.session().orElseThrow().refreshToken().reveal());
            client.auth().logout();
            BulwarkClient reader = new BulwarkClient(server.baseUri());
            reader.auth().login(new LoginRequest("leak@example.com", Secret.of(NEW_PASSWORD)));
            auditRecords.append(dev.bulwark.model.Json.lenient()
                    .writeValueAsString(reader.audit().events(AuditQuery.all())));
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }

        String logs = String.join("", logLines);
        byte[] database = TestDatabase.storedContent(dir);
        String databaseText =
                new String(database, StandardCharsets.ISO_8859_1) + new String(database, StandardCharsets.UTF_16BE);
        for (String secret : secrets) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(answers.toString()).as("problem answers").doesNotContain(secret);
            assertThat(databaseText).as("database file").doesNotContain(secret);
            assertThat(auditRecords.toString()).as("audit records").doesNotContain(secret);
        }
        assertThat(auditRecords.toString()).as("the audit trail was read").contains("user.password.change");
        assertThat(logLines).as("the capture saw the server's logs").isNotEmpty();
    }

    private static String failure(Runnable call) {
        try {
            call.run();
            return "";
        } catch (ApiException e) {
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            e.printStackTrace(new java.io.PrintStream(trace, true, StandardCharsets.UTF_8));
            return e.getMessage() + e.fieldErrors() + trace.toString(StandardCharsets.UTF_8);
        }
    }
}
