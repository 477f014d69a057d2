package dev.bulwark.server.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.model.forward.ForwardKind;
import dev.bulwark.model.forward.ForwardStatus;
import dev.bulwark.model.forward.ForwardTestResult;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.audit.AuditDatabase;
import dev.bulwark.server.audit.CheckpointWitness;
import dev.bulwark.server.tls.TestCertificates;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding the trail on a real server and H2 file to real receivers: Debian's rsyslog over TLS (RFC 5425) and an
 * HTTPS webhook that checks the HMAC signature. Delivery is at-least-once across a receiver's and the server's
 * restarts, a receiver that is down neither slows nor fails a change, the status and the posture report tell the
 * lag, and the key never shows in an answer, the trail or the log.
 */
class ForwardingIT {
    private static final ObjectMapper JSON = Json.lenient();
    private static final String KEY = "d3c1f7a0b2e94c58a6f0d2b4c6e8f0a1-forwarding-key";

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private TestCertificates ca;
    private TestCertificates.IssuedCertificate receiverCertificate;
    private BulwarkServer server;
    private BulwarkClient admin;
    private final List<AutoCloseable> receivers = new ArrayList<>();

    @BeforeEach
    void makeACertificateAuthority() throws Exception {
        ca = new TestCertificates();
        receiverCertificate = ca.issue(elsewhere.resolve("tls"), "127.0.0.1");
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable r : receivers) {
            r.close();
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "10");
        env.put("BULWARK_FORWARDING_BATCH_SIZE", "20");
        env.put("BULWARK_FORWARDING_MAX_BACKOFF", "1s");
        return env;
    }

    private void startServer(java.time.Clock clock) {
        server = clock == null
                ? TestServers.embedded(dir, environment())
                : TestServers.embedded(dir, environment(), clock);
        if (server.newSetupCode().isPresent()) {
            TestServers.createAdmin(server);
        }
        admin = IdentityFixtures.admin(server);
    }

    private WebhookReceiver webhook(int port) throws Exception {
        WebhookReceiver receiver = WebhookReceiver.start(ca.serverContext(receiverCertificate), port, KEY);
        receivers.add(receiver);
        return receiver;
    }

    private ForwardDestination addWebhook(String url) throws Exception {
        return admin.forwarding()
                .create(new ForwardDestinationRequest(
                        "SIEM webhook", ForwardKind.WEBHOOK, url, null, ca.caPem(), Secret.of(KEY), null));
    }

    /** {@code n} records, each a failed sign-in of another unknown address. */
    private void writeRecords(int n) {
        BulwarkClient anonymous = new BulwarkClient(server.baseUri());
        for (int i = 0; i < n; i++) {
            try {
                anonymous
                        .auth()
                        .login(new LoginRequest("nobody-" + UUID.randomUUID() + "@example.com", Secret.of("x")));
            } catch (ApiException expected) {
                // one auth.login.failure record each
            }
        }
    }

    private ForwardStatus status(UUID id) {
        return admin.forwarding().get(id).status();
    }

    private static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private void awaitCaughtUp(UUID id) throws InterruptedException {
        await("the destination has every record", Duration.ofSeconds(60), () -> {
            ForwardStatus s = status(id);
            return s.lagRecords() == 0 && s.lastForwardedSeq() > 0;
        });
    }

    private List<JsonNode> parsed(List<String> lines) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            try {
                nodes.add(JSON.readTree(line.substring(line.indexOf('{'))));
            } catch (Exception e) {
                throw new AssertionError("Not a JSON line: " + line, e);
            }
        }
        return nodes;
    }

    private static List<Long> seqs(List<JsonNode> nodes, String type) {
        return nodes.stream()
                .filter(n -> n.path("type").asText().equals(type))
                .map(n -> n.path("seq").asLong())
                .toList();
    }

    /** Every record 1..head arrived, in order where first seen, and each arrived record matches the trail. */
    private void assertEveryRecordArrivedInOrder(List<JsonNode> nodes) {
        long head = admin.audit().events(AuditQuery.all()).events().getFirst().seq();
        List<Long> events = seqs(nodes, "event");
        Set<Long> firstSeen = new LinkedHashSet<>(events);
        assertThat(firstSeen)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, head).boxed().toList());
        for (JsonNode n : nodes) {
            if (n.path("type").asText().equals("event") && n.path("seq").asLong() % 17 == 0) {
                assertThat(n.path("hash").asText())
                        .isEqualTo(admin.audit().event(n.path("seq").asLong()).hash());
            }
        }
        List<Long> checkpoints = admin.audit().checkpoints().checkpoints().stream()
                .map(AuditCheckpoint::seq)
                .sorted()
                .toList();
        assertThat(new LinkedHashSet<>(seqs(nodes, "checkpoint"))).containsExactlyElementsOf(checkpoints);
    }

    @Test
    void rsyslogOverTls_receivesEveryRecordAndCheckpoint_inOrder_acrossAReceiverRestart() throws Exception {
        assumeTrue(RsyslogReceiver.installed(), "rsyslog is not installed (apt-get install rsyslog rsyslog-openssl)");
        Path caFile = elsewhere.resolve("ca.pem");
        Files.writeString(caFile, ca.caPem());
        RsyslogReceiver rsyslog = RsyslogReceiver.start(
                elsewhere.resolve("rsyslog"), caFile, receiverCertificate.certificate(), receiverCertificate.key());
        receivers.add(rsyslog);
        startServer(null);
        ForwardDestination syslog = admin.forwarding()
                .create(new ForwardDestinationRequest(
                        "rsyslog", ForwardKind.SYSLOG, rsyslog.address(), null, ca.caPem(), null, true));
        writeRecords(60);
        awaitCaughtUp(syslog.id());

        rsyslog.stop();
        writeRecords(60);
        await(
                "the forwarder notices the receiver is gone",
                Duration.ofSeconds(30),
                () -> status(syslog.id()).failures() > 0);
        assertThat(status(syslog.id()).lastError()).contains("syslog receiver " + rsyslog.address());
        rsyslog.startAgain();
        writeRecords(30);
        awaitCaughtUp(syslog.id());
        rsyslog.stop();

        List<String> lines = rsyslog.lines();
        assertThat(lines).allSatisfy(line -> assertThat(line)
                .matches("(audit|checkpoint) \\[bulwark@32473 seq=\"\\d+\"" + " hash=\"[0-9a-f]{64}\"\\] \\{.*\\}"));
        assertEveryRecordArrivedInOrder(parsed(lines));
        assertThat(CheckpointWitness.read(rsyslog.file()))
                .extracting(AuditCheckpoint::seq)
                .containsAll(admin.audit().checkpoints().checkpoints().stream()
                        .map(AuditCheckpoint::seq)
                        .toList());
    }

    @Test
    void theWebhook_getsSignedBatches_retriesAfter500s_andCatchesUp() throws Exception {
        WebhookReceiver receiver = webhook(0);
        receiver.failFirst(3);
        startServer(null);
        ForwardDestination hook = addWebhook(receiver.url());

        writeRecords(50);
        awaitCaughtUp(hook.id());

        assertThat(receiver.badSignatures()).isZero();
        assertThat(receiver.requests()).isGreaterThan(3);
        ForwardStatus status = status(hook.id());
        assertThat(status.lastError()).isEqualTo("The webhook at 127.0.0.1 answered 500.");
        assertThat(status.failures()).isZero();
        assertThat(status.lagSeconds()).isZero();
        assertThat(status.deliveredAt()).isNotNull();
        assertEveryRecordArrivedInOrder(parsed(receiver.lines()));
    }

    @Test
    void aReceiverThatIsDown_neitherSlowsNorFailsChanges_andIsCaughtUpWhenBack() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        startServer(null);
        ForwardDestination hook = addWebhook("https://127.0.0.1:" + port + "/bulwark");

        Instant started = Instant.now();
        writeRecords(40);
        for (int i = 0; i < 10; i++) {
            IdentityFixtures.createUser(admin, "user" + i + "@example.com", "User " + i, Role.USER);
        }
        Duration took = Duration.between(started, Instant.now());
        await(
                "a failed attempt is recorded",
                Duration.ofSeconds(20),
                () -> status(hook.id()).failures() > 0);
        ForwardStatus down = status(hook.id());

        assertThat(took).as("50 changes with the receiver down").isLessThan(Duration.ofSeconds(10));
        assertThat(down.lagRecords()).isGreaterThanOrEqualTo(50);
        assertThat(down.lastError()).startsWith("The webhook at 127.0.0.1 cannot be reached");

        WebhookReceiver receiver = webhook(port);
        awaitCaughtUp(hook.id());
        assertEveryRecordArrivedInOrder(parsed(receiver.lines()));
    }

    @Test
    void aServerStoppedMidStream_sendsOnFromItsCursorAfterARestart_missingNothing() throws Exception {
        WebhookReceiver receiver = webhook(0);
        receiver.delay(500);
        startServer(null);
        ForwardDestination hook = addWebhook(receiver.url());
        writeRecords(200);
        await(
                "some batches are delivered",
                Duration.ofSeconds(30),
                () -> status(hook.id()).lastForwardedSeq() > 0);
        long before = status(hook.id()).lastForwardedSeq();
        server.close();
        server = null;
        long head;
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            head = Long.parseLong(db.string("SELECT last_seq FROM audit_head"));
            assertThat(Long.parseLong(db.string("SELECT last_seq FROM forward_cursor")))
                    .as("stopped mid-stream")
                    .isLessThan(head);
        }

        receiver.delay(0);
        startServer(null);
        awaitCaughtUp(hook.id());

        assertThat(before).isLessThan(head);
        assertEveryRecordArrivedInOrder(parsed(receiver.lines()));
    }

    @Test
    void aTailCutWithItsCheckpoints_isCaughtByTheCheckpointsTheWebhookReceived() throws Exception {
        WebhookReceiver receiver = webhook(0);
        startServer(null);
        ForwardDestination hook = addWebhook(receiver.url());
        writeRecords(25);
        awaitCaughtUp(hook.id());
        server.close();
        server = null;
        Path received = elsewhere.resolve("received-by-the-siem.jsonl");
        Files.write(received, receiver.lines());
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            db.dropAppendOnlyTriggers();
            db.update("DELETE FROM audit_event WHERE seq > 12");
            db.update("DELETE FROM audit_checkpoint WHERE seq > 12");
            db.update("""
                    UPDATE audit_head SET last_seq = 12, last_hash = (SELECT hash FROM audit_event WHERE seq = 12),
                        last_checkpoint_seq = 11
                    """);
        }

        ServerProcess.Result alone = ServerProcess.run("verify-audit", "--data-dir", dir.toString());
        ServerProcess.Result witnessed =
                ServerProcess.run("verify-audit", "--data-dir", dir.toString(), "--witness", received.toString());

        assertThat(alone.exitCode()).as(alone.output()).isZero();
        assertThat(witnessed.exitCode()).as(witnessed.output()).isEqualTo(3);
        assertThat(witnessed.output()).contains("TRUNCATED").contains("checkpoint at record 21");
    }

    @Test
    void theKey_neverAppearsInAnswersTheTrailTheLogOrTheDatabaseFile() throws Exception {
        List<String> logLines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logLines.add(new dev.bulwark.server.log.JsonLogFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(java.util.logging.Level.ALL);
        try {
            WebhookReceiver receiver = webhook(0);
            receiver.failFirst(1);
            startServer(null);
            ForwardDestination hook = addWebhook(receiver.url());
            writeRecords(3);
            awaitCaughtUp(hook.id());
            admin.forwarding()
                    .update(
                            hook.id(),
                            new ForwardDestinationRequest(
                                    "SIEM webhook", null, receiver.url(), null, ca.caPem(), Secret.of(KEY), null));
            ForwardTestResult test = admin.forwarding().test(hook.id());
            awaitCaughtUp(hook.id());

            assertThat(test.ok()).as(test.detail()).isTrue();
            assertThat(test.detail()).isEqualTo("The webhook accepted a signed test batch.");
            assertThat(receiver.badSignatures()).isZero();
            String answers = JSON.writeValueAsString(admin.forwarding().list())
                    + JSON.writeValueAsString(admin.forwarding().get(hook.id()));
            assertThat(answers).contains("\"secretSet\":true").doesNotContain(KEY);
            String trail = JSON.writeValueAsString(admin.audit()
                    .events(new AuditQuery(null, null, null, null, null, null, null, null, null, 500, null)));
            assertThat(trail)
                    .contains("settings.forwarding.create", "settings.forwarding.update", "settings.forwarding.test")
                    .doesNotContain(KEY);
            server.close();
            server = null;
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        String logs = String.join("", logLines);
        assertThat(logs).contains("Audit forwarding to SIEM webhook failed").doesNotContain(KEY);
        String database = new String(TestDatabase.storedContent(dir), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(database).doesNotContain(KEY);
    }

    @Test
    void thePostureCheck_warnsWithoutADestination_passesWhenCaughtUp_andWarnsThenFailsAsTheLagGrows() throws Exception {
        TestClock clock = TestClock.startingNow();
        startServer(clock);
        assertThat(forwardingCheck().status()).isEqualTo(PostureStatus.WARN);
        assertThat(forwardingCheck().fix()).contains("Settings → Forwarding");
        WebhookReceiver receiver = webhook(0);
        ForwardDestination hook = addWebhook(receiver.url());
        writeRecords(5);
        awaitCaughtUp(hook.id());
        assertThat(forwardingCheck().status()).isEqualTo(PostureStatus.PASS);

        receiver.close();
        writeRecords(1);
        clock.advance(Duration.ofMinutes(10));
        admin = IdentityFixtures.admin(server); // the access token ran out with the clock
        await(
                "a failure is recorded",
                Duration.ofSeconds(20),
                () -> status(hook.id()).failures() > 0);
        PostureCheck late = forwardingCheck();
        assertThat(late.status()).isEqualTo(PostureStatus.WARN);
        assertThat(late.detail()).contains("SIEM webhook is").contains("(10 min) behind");
        assertThat(status(hook.id()).lagSeconds()).isEqualTo(600);

        clock.advance(Duration.ofHours(1));
        admin = IdentityFixtures.admin(server);
        assertThat(forwardingCheck().status()).isEqualTo(PostureStatus.FAIL);
    }

    private PostureCheck forwardingCheck() {
        return admin.posture().report().checks().stream()
                .filter(c -> c.id().equals("forwarding"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void onlyAdministrators_change_orTestDestinations_byAnyRoute() throws Exception {
        startServer(null);
        UUID editor = IdentityFixtures.createUser(admin, "eve@example.com", "Eve", Role.EDITOR)
                .user()
                .id();
        admin.users().setGrants(editor, new Grants(Map.of(Module.SETTINGS, AccessLevel.READ)));
        BulwarkClient eve = IdentityFixtures.signIn(server, "eve@example.com");
        ForwardDestination hook = addWebhook("https://siem.example.com/bulwark");
        ForwardDestinationRequest request = new ForwardDestinationRequest(
                "other", ForwardKind.WEBHOOK, "https://siem.example.com/x", null, null, Secret.of(KEY), null);
        Secret readOnlyToken = admin.me()
                .tokens()
                .create(new CreateApiTokenRequest("read only", null, null, true))
                .value();
        BulwarkClient viaToken = BulwarkClient.withApiToken(server.baseUri(), readOnlyToken);

        assertThat(eve.forwarding().list().destinations()).hasSize(1);
        assertThat(failure(() -> eve.forwarding().create(request)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> eve.forwarding().update(hook.id(), request)).type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> eve.forwarding().delete(hook.id())).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> eve.forwarding().test(hook.id())).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> viaToken.forwarding().create(request)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> viaToken.forwarding().delete(hook.id())).type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(admin.forwarding().list().destinations())
                .extracting(ForwardDestination::name)
                .containsExactly("SIEM webhook");
    }

    @Test
    void unsafeDestinations_areRefusedWithASentencePerField() throws Exception {
        startServer(null);

        assertThat(fields(new ForwardDestinationRequest(
                        "a", ForwardKind.WEBHOOK, "http://siem.example.com/x", null, null, Secret.of(KEY), null)))
                .containsEntry("address", "Use an https URL: the trail must not cross the network in clear.");
        assertThat(fields(new ForwardDestinationRequest(
                        "b", ForwardKind.WEBHOOK, "https://169.254.169.254/latest", null, null, Secret.of(KEY), null)))
                .containsKey("address");
        assertThat(fields(new ForwardDestinationRequest(
                        "c", ForwardKind.WEBHOOK, "https://siem.example.com/x", null, null, Secret.of("short"), null)))
                .containsKey("secret");
        assertThat(fields(new ForwardDestinationRequest(
                        "d", ForwardKind.WEBHOOK, "https://siem.example.com/x", null, null, null, null)))
                .containsKey("secret");
        assertThat(fields(new ForwardDestinationRequest(
                        "e", ForwardKind.SYSLOG, "siem.example.com:514", true, null, null, null)))
                .containsKey("plainTcp");
        assertThat(fields(new ForwardDestinationRequest(
                        "f", ForwardKind.SYSLOG, "siem.example.com", null, null, null, null)))
                .containsKey("address");
        assertThat(fields(new ForwardDestinationRequest(
                        "g", ForwardKind.SYSLOG, "siem.example.com:6514", null, "not a certificate", null, null)))
                .containsKey("trustedCertificates");
        assertThat(admin.forwarding()
                        .create(new ForwardDestinationRequest(
                                "local relay", ForwardKind.SYSLOG, "127.0.0.1:514", true, null, null, false))
                        .plainTcp())
                .isTrue();
    }

    private Map<String, String> fields(ForwardDestinationRequest request) {
        ApiException e = failure(() -> admin.forwarding().create(request));
        assertThat(e.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        return e.fieldErrors().stream()
                .collect(Collectors.toMap(
                        dev.bulwark.model.problem.FieldError::field, dev.bulwark.model.problem.FieldError::message));
    }

    private static ApiException failure(Runnable call) {
        return catchThrowableOfType(ApiException.class, call::run);
    }
}
