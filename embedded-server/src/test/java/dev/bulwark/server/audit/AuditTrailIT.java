package dev.bulwark.server.audit;

import static dev.bulwark.server.TestServers.ADMIN_EMAIL;
import static dev.bulwark.server.TestServers.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditCheckpoints;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.User;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail over real HTTP with a real H2 file. */
class AuditTrailIT {
    private static final String NEW_PASSWORD = "a brand new passphrase for ada";

    @TempDir
    Path dir;

    private BulwarkServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Map<String, String> environment) {
        server = TestServers.embedded(dir, environment);
    }

    private BulwarkClient signedIn(String email, String password) {
        BulwarkClient client = new BulwarkClient(server.baseUri());
        client.auth().login(new LoginRequest(email, Secret.of(password)));
        return client;
    }

    private void failLogin(String email, String password) {
        catchThrowableOfType(
                ApiException.class,
                () -> new BulwarkClient(server.baseUri()).auth().login(new LoginRequest(email, Secret.of(password))));
    }

    @Test
    void setupSignInsPasswordChangeAndSignOut_areRecordedNewestFirst() throws Exception {
        start(Map.of());
        User admin = TestServers.createAdmin(server);
        failLogin(ADMIN_EMAIL, "planted wrong password 1");
        failLogin("nobody@example.com", "planted wrong password 2");
        BulwarkClient client = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        client.me().changePassword(new ChangePasswordRequest(Secret.of(ADMIN_PASSWORD), Secret.of(NEW_PASSWORD)));
        BulwarkClient reader = signedIn(ADMIN_EMAIL, NEW_PASSWORD);
        client.auth().logout();

        List<AuditEvent> events = reader.audit().events(AuditQuery.all()).events();

        assertThat(events)
                .extracting(AuditEvent::action)
                .containsExactly(
                        "auth.logout",
                        "auth.login.success",
                        "user.password.change",
                        "auth.login.success",
                        "auth.login.failure",
                        "auth.login.failure",
                        "user.create");
        assertThat(events).extracting(AuditEvent::seq).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        AuditEvent created = events.getLast();
        assertThat(created.actor().kind()).isEqualTo(AuditActor.Kind.SYSTEM);
        assertThat(created.authMethod()).isEqualTo("setup-code");
        assertThat(created.targetId()).isEqualTo(admin.id().toString());
        assertThat(created.diff())
                .containsEntry("email", new AuditChange(null, ADMIN_EMAIL))
                .containsEntry("role", new AuditChange(null, "ADMIN"))
                .containsEntry("passwordHash", new AuditChange(AuditChange.MASKED, AuditChange.MASKED));
        AuditEvent unknown = events.get(4);
        assertThat(unknown.actor()).isEqualTo(new AuditActor(AuditActor.Kind.ANONYMOUS, null, "nobody@example.com"));
        assertThat(unknown.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(unknown.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(events.get(5).targetId()).isEqualTo(admin.id().toString());
        AuditEvent change = events.get(2);
        assertThat(change.actor().userId()).isEqualTo(admin.id());
        assertThat(change.diff()).containsEntry("passwordHash", new AuditChange("****", "****"));
        assertThat(change.requestId()).isNotBlank();
        assertThat(events.getFirst().targetType()).isEqualTo("session");
        assertThat(events.getFirst().targetId()).isEqualTo(events.get(3).targetId());

        String json = Json.lenient().writeValueAsString(events);
        assertThat(json)
                .doesNotContain("planted wrong password")
                .doesNotContain(ADMIN_PASSWORD)
                .doesNotContain(NEW_PASSWORD)
                .doesNotContain("pbkdf2");
        assertThat(reader.audit().verify().intact()).isTrue();
    }

    @Test
    void whenTheAuditRecordCannotBeWritten_theChangeIsRolledBack() throws Exception {
        start(Map.of());
        server.close();
        server = null;
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            // occupies sequence number 1, so the next append violates the primary key
            db.update("""
                    INSERT INTO audit_event (seq, id, occurred_at, actor_kind, action, outcome, prev_hash, hash)
                    VALUES (1, ?, CURRENT_TIMESTAMP, 'SYSTEM', 'user.create', 'SUCCESS', ?, ?)
                    """, java.util.UUID.randomUUID(), "0".repeat(64), "f".repeat(64));
        }
        start(Map.of());
        BulwarkClient client = new BulwarkClient(server.baseUri());
        Secret code = server.newSetupCode().orElseThrow();

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.setup()
                .createFirstAdmin(new SetupRequest(code, ADMIN_EMAIL, "Ada Admin", Secret.of(ADMIN_PASSWORD))));

        assertThat(e.type()).isEqualTo(ProblemType.INTERNAL_ERROR);
        assertThat(client.server().info().setupRequired()).isTrue();
        server.close();
        server = null;
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            assertThat(db.string("SELECT COUNT(*) FROM app_user")).isEqualTo("0");
            assertThat(db.string("SELECT last_seq FROM audit_head")).isEqualTo("0");
        }
    }

    @Test
    void concurrentSignIns_formOneGaplessChain() throws Exception {
        start(Map.of("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "50"));
        TestServers.createAdmin(server);
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        ChainVerification result = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD).audit().verify();

        long expected = 1 + 1 + threads * perThread + 1; // the interval of 50 stated, setup, sign-ins, this one
        assertThat(result.intact()).as(result.detail()).isTrue();
        assertThat(result.verifiedUpTo()).isEqualTo(expected);
        assertThat(result.checkpointsVerified()).isGreaterThanOrEqualTo((int) (expected / 50));
        server.close();
        server = null;
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            assertThat(db.string("SELECT COUNT(*) FROM audit_event WHERE action = 'auth.login.success'"))
                    .isEqualTo(Long.toString(threads * perThread + 1));
            assertThat(db.string("SELECT MAX(seq) - MIN(seq) + 1 - COUNT(*) FROM audit_event"))
                    .isEqualTo("0");
            assertThat(
                            db.string(
                                    "SELECT COUNT(*) FROM audit_event e JOIN audit_event p ON p.seq = e.seq - 1 AND p.hash = e.prev_hash"))
                    .isEqualTo(Long.toString(expected));
        }
    }

    @Test
    void readApi_filtersAndPagesNewestFirstWithoutGapsOrRepeats() {
        start(Map.of());
        TestServers.createAdmin(server);
        for (int i = 0; i < 3; i++) {
            failLogin("mallory@example.com", "guess " + i);
        }
        failLogin(ADMIN_EMAIL, "wrong");
        BulwarkClient admin = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        AuditQuery all = AuditQuery.all();

        AuditPage failures = admin.audit().events(query(all, "auth.login.failure", null, null, null, null));
        AuditPage mallory = admin.audit().events(query(all, null, "MALLORY@example.com", null, null, null));
        AuditPage denied = admin.audit().events(query(all, null, null, AuditOutcome.DENIED, null, null));
        AuditPage text = admin.audit().events(query(all, null, null, null, "not correct", null));
        AuditPage byIp = admin.audit()
                .events(new AuditQuery(null, null, null, null, null, null, null, "127.0.0.1", null, null, null));
        AuditPage none = admin.audit()
                .events(new AuditQuery(null, null, null, null, null, null, null, "10.9.9.9", null, null, null));

        assertThat(failures.events()).hasSize(4).allMatch(e -> e.action().equals("auth.login.failure"));
        assertThat(mallory.events()).hasSize(3);
        assertThat(denied.events()).hasSize(4);
        assertThat(text.events()).hasSize(1);
        assertThat(text.events().getFirst().actor().email()).isEqualTo(ADMIN_EMAIL);
        assertThat(byIp.events()).hasSize(6);
        assertThat(none.events()).isEmpty();
        assertThat(none.nextBefore()).isNull();

        List<Long> paged = new ArrayList<>();
        Long before = null;
        do {
            AuditPage page = admin.audit().events(query(all, null, null, null, null, before));
            page.events().forEach(e -> paged.add(e.seq()));
            before = page.nextBefore();
        } while (before != null);
        assertThat(paged).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);

        assertThat(admin.audit().event(2).actor().email()).isEqualTo("mallory@example.com");
        assertThat(catchThrowableOfType(ApiException.class, () -> admin.audit().event(99))
                        .type())
                .isEqualTo(ProblemType.NOT_FOUND);
        ApiException badLimit = catchThrowableOfType(ApiException.class, () -> admin.audit()
                .events(new AuditQuery(null, null, null, null, null, null, null, null, null, 5000, null)));
        assertThat(badLimit.fieldError("limit")).isPresent();
        ApiException badAction = catchThrowableOfType(
                ApiException.class, () -> admin.audit().events(query(all, "user.explode", null, null, null, null)));
        assertThat(badAction.fieldError("action")).isPresent();
    }

    private static AuditQuery query(
            AuditQuery base, String action, String actor, AuditOutcome outcome, String q, Long before) {
        return new AuditQuery(
                base.from(),
                base.to(),
                actor,
                action,
                null,
                null,
                outcome,
                null,
                q,
                action == null && actor == null && outcome == null && q == null ? 2 : null,
                before);
    }

    @Test
    void reusedRefreshToken_isRecordedWithTheSessionItEnded() throws Exception {
        start(Map.of());
        TestServers.createAdmin(server);
        BulwarkClient victim = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        SessionTokens stolen = victim.session().orElseThrow();
        victim.auth().refresh();

        int status = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/auth/refresh"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"refreshToken\":\""
                                        + stolen.refreshToken().reveal() + "\"}"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();

        assertThat(status).isEqualTo(401);
        AuditEvent reuse = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD)
                .audit()
                .events(query(AuditQuery.all(), "auth.refresh.reuse", null, null, null, null))
                .events()
                .getFirst();
        assertThat(reuse.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(reuse.targetType()).isEqualTo("session");
        assertThat(reuse.targetId()).isEqualTo(stolen.sessionId().toString());
        assertThat(reuse.targetName()).isEqualTo(ADMIN_EMAIL);
        assertThat(reuse.actor().kind()).isEqualTo(AuditActor.Kind.SYSTEM);
    }

    @Test
    void timeRange_selectsEventsByWhenTheyHappened() {
        start(Map.of());
        TestServers.createAdmin(server);
        BulwarkClient admin = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        java.time.Instant created = admin.audit().event(1).occurredAt();

        AuditPage from = admin.audit()
                .events(new AuditQuery(
                        created.plusNanos(1000), null, null, null, null, null, null, null, null, null, null));
        AuditPage to = admin.audit()
                .events(new AuditQuery(
                        null, created.plusNanos(1000), null, null, null, null, null, null, null, null, null));

        assertThat(from.events()).extracting(AuditEvent::action).containsExactly("auth.login.success");
        assertThat(to.events()).extracting(AuditEvent::action).containsExactly("user.create");
    }

    @Test
    void nonAdmin_isDeniedAndTheDenialIsRecorded() throws Exception {
        start(Map.of());
        TestServers.createAdmin(server);
        server.close();
        java.util.UUID userId;
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            userId = db.insertUser("uma@example.com", ADMIN_PASSWORD);
        }
        start(Map.of());
        BulwarkClient user = signedIn("uma@example.com", ADMIN_PASSWORD);

        ApiException e =
                catchThrowableOfType(ApiException.class, () -> user.audit().events(AuditQuery.all()));
        ApiException verify =
                catchThrowableOfType(ApiException.class, () -> user.audit().verify());

        assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(verify.type()).isEqualTo(ProblemType.FORBIDDEN);
        List<AuditEvent> denials = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD)
                .audit()
                .events(query(AuditQuery.all(), "permission.denied", null, null, null, null))
                .events();
        assertThat(denials).hasSize(2).allSatisfy(d -> {
            assertThat(d.actor().userId()).isEqualTo(userId);
            assertThat(d.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(d.targetId()).isEqualTo("AUDIT");
        });
    }

    @Test
    void checkpoints_areSignedWithThePublishedKey() throws Exception {
        start(Map.of("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "3"));
        TestServers.createAdmin(server);
        for (int i = 0; i < 6; i++) {
            failLogin("mallory@example.com", "guess " + i);
        }
        BulwarkClient admin = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);

        AuditCheckpoints checkpoints = admin.audit().checkpoints();

        assertThat(checkpoints.checkpoints()).extracting(AuditCheckpoint::seq).containsExactly(7L, 4L, 1L);
        JWKSet keys = JWKSet.parse(checkpoints.keys());
        for (AuditCheckpoint cp : checkpoints.checkpoints()) {
            ECKey key = (ECKey) keys.getKeyByKeyId(cp.keyId());
            assertThat(key.isPrivate()).isFalse();
            JWSObject jws = JWSObject.parse(cp.signature());
            assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();
            assertThat(jws.getPayload().toJSONObject())
                    .containsEntry("seq", cp.seq())
                    .containsEntry("hash", cp.hash());
            assertThat(admin.audit().event(cp.seq()).hash()).isEqualTo(cp.hash());
        }
    }

    @Test
    void checkpoint_isAlsoWrittenOnTheFirstRecordAfterThePeriod() throws Exception {
        start(Map.of("BULWARK_AUDIT_CHECKPOINT_PERIOD", "1s"));
        TestServers.createAdmin(server);
        failLogin("mallory@example.com", "guess 1");
        Thread.sleep(1_100);
        failLogin("mallory@example.com", "guess 2");
        failLogin("mallory@example.com", "guess 3");

        AuditCheckpoints checkpoints =
                signedIn(ADMIN_EMAIL, ADMIN_PASSWORD).audit().checkpoints();

        assertThat(checkpoints.checkpoints()).extracting(AuditCheckpoint::seq).containsExactly(3L, 1L);
    }

    @Test
    void auditTables_rejectUpdateAndDeleteThroughPlainJdbc() throws Exception {
        start(Map.of("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "1"));
        TestServers.createAdmin(server);
        server.close();
        server = null;
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            assertThatThrownBy(() -> db.update("UPDATE audit_event SET reason = 'nothing happened'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.update("DELETE FROM audit_event"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.update("DELETE FROM audit_checkpoint"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.update("UPDATE audit_signing_key SET public_jwk = '{}'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.update("DELETE FROM audit_signing_key"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThat(db.string("SELECT COUNT(*) FROM audit_event"))
                    .as("the interval of 1 stated, and setup")
                    .isEqualTo("2");
            assertThat(db.string("SELECT COUNT(*) FROM audit_signing_key")).isEqualTo("1");
        }
    }
}
