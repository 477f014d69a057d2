package dev.bulwark.server;

import static dev.bulwark.server.IdentityFixtures.createUser;
import static dev.bulwark.server.IdentityFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.model.forward.ForwardKind;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.KeyUsage;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.RotationStatus;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes on one PostgreSQL database, sharing the master key, as hosted mode runs them: what one node
 * changes, the other enforces at the next request (docs/decisions/0039-keys-and-caches-across-nodes.md). Runs in the
 * PostgreSQL execution only.
 */
class SeveralNodesIT {
    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    private final TestClock clock = TestClock.startingNow();
    private BulwarkServer nodeA;
    private BulwarkServer nodeB;
    private BulwarkClient adminA;
    private BulwarkClient adminB;

    @BeforeEach
    void startTwoNodes() {
        assumeTrue(TestDatabase.postgresql(), "several nodes share a PostgreSQL database");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> shared = Map.of(
                "BULWARK_MASTER_KEY", Base64.getEncoder().encodeToString(key), "BULWARK_CLUSTER_RELOAD_INTERVAL", "1s");
        TestDatabase.shareDatabase(dirB, dirA);
        nodeA = TestServers.embedded(dirA, shared, clock);
        TestServers.createAdmin(nodeA);
        nodeB = TestServers.embedded(dirB, shared, clock);
        adminA = IdentityFixtures.admin(nodeA);
        adminB = IdentityFixtures.admin(nodeB);
    }

    @AfterEach
    void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aSessionEndedOnB_isRefusedOnA_atTheNextRequest() {
        UUID eve =
                createUser(adminA, "eve@example.com", "Eve", Role.USER).user().id();
        BulwarkClient eveOnA = signIn(nodeA, "eve@example.com");
        assertThat(eveOnA.me().get().id()).isEqualTo(eve);

        adminB.users().endSession(eve, eveOnA.session().orElseThrow().sessionId());

        assertThat(failure(() -> eveOnA.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
    }

    @Test
    void aUserDisabledOnA_isRefusedOnB_atTheNextRequest() {
        UserDetails eve = createUser(adminA, "eve@example.com", "Eve", Role.USER);
        BulwarkClient eveOnB = signIn(nodeB, "eve@example.com");
        assertThat(eveOnB.me().get().email()).isEqualTo("eve@example.com");

        adminA.users().disable(eve.user().id());

        assertThat(failure(() -> eveOnB.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
    }

    @Test
    void aGrantRemovedOnA_isRefusedOnB_atTheNextRequest() {
        UUID eve =
                createUser(adminA, "eve@example.com", "Eve", Role.EDITOR).user().id();
        adminA.users().setGrants(eve, new Grants(Map.of(Module.GROUPS, AccessLevel.READ)));
        BulwarkClient eveOnB = signIn(nodeB, "eve@example.com");
        assertThat(eveOnB.groups().list().items()).isEmpty();

        adminA.users().setGrants(eve, new Grants(Map.of()));

        assertThat(failure(() -> eveOnB.groups().list()).type()).isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void aMembershipRemovedOnB_isRefusedOnA_atTheNextRequest() {
        UUID eve =
                createUser(adminA, "eve@example.com", "Eve", Role.EDITOR).user().id();
        UUID readers =
                adminA.groups().create(new CreateGroupRequest("readers", "")).id();
        adminA.groups().setGrants(readers, new Grants(Map.of(Module.USERS, AccessLevel.READ)));
        adminA.groups().addMember(readers, eve);
        BulwarkClient eveOnA = signIn(nodeA, "eve@example.com");
        assertThat(eveOnA.users().get(eve).user().email()).isEqualTo("eve@example.com");

        adminB.groups().removeMember(readers, eve);

        assertThat(failure(() -> eveOnA.users().get(eve)).type()).isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void aNewSigningKey_isPublishedByBothNodesBeforeItSigns_andTokensOfEitherNodeVerifyOnTheOther() throws Exception {
        String firstKid = kidOf(adminA);
        assertThat(kidOf(adminB)).isEqualTo(firstKid);

        clock.advance(Duration.ofDays(30));
        await(
                Duration.ofSeconds(60),
                () -> keyIds(nodeA).size() == 2 && keyIds(nodeB).size() == 2);
        BulwarkClient beforeActivation = IdentityFixtures.admin(nodeA);
        assertThat(kidOf(beforeActivation))
                .as("the next key is published, not yet signing")
                .isEqualTo(firstKid);
        assertThat(keyIds(nodeA)).isEqualTo(keyIds(nodeB));

        clock.advance(Duration.ofMinutes(2));
        BulwarkClient onA = IdentityFixtures.admin(nodeA);
        BulwarkClient onB = IdentityFixtures.admin(nodeB);
        assertThat(kidOf(onA)).isNotEqualTo(firstKid).isEqualTo(kidOf(onB));

        assertThat(meWithTokenOf(onA, nodeB)).isEqualTo(200);
        assertThat(meWithTokenOf(onB, nodeA)).isEqualTo(200);
        assertThat(meWithTokenOf(beforeActivation, nodeB))
                .as("a token of the previous key still verifies until it expires")
                .isEqualTo(200);
        // Both nodes run the rotation job; one of them rotated, and recorded it with the key.
        assertThat(onB.audit()
                        .events(new AuditQuery(
                                null, null, null, "signing-key.rotate", null, null, null, null, null, 10, null, null))
                        .events())
                .singleElement()
                .extracting(AuditEvent::targetId)
                .isEqualTo(kidOf(onA));
    }

    @Test
    void writersOnBothNodes_makeOneGaplessChainThatVerifies() throws Exception {
        int perWriter = 40;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                BulwarkClient client = w % 2 == 0 ? IdentityFixtures.admin(nodeA) : IdentityFixtures.admin(nodeB);
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        client.groups().create(new CreateGroupRequest("g-" + writer + "-" + i, ""));
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // The chain as stored, read directly: one record per number from 1 on, each linked to the one before, and
        // every group the writers made recorded exactly once.
        List<String> groupRecords = new ArrayList<>();
        long head;
        try (Connection c = TestDatabase.connect(dirA);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT seq, action, target_id, prev_hash, hash FROM audit_event ORDER BY seq")) {
            long expectedSeq = 1;
            String previousHash = "0".repeat(64); // what the first record links to
            while (r.next()) {
                assertThat(r.getLong("seq")).as("no gap, no repeat").isEqualTo(expectedSeq);
                assertThat(r.getString("prev_hash"))
                        .as("record %d links to record %d", expectedSeq, expectedSeq - 1)
                        .isEqualTo(previousHash);
                if (r.getString("action").equals(AuditAction.GROUP_CREATE.code())) {
                    groupRecords.add(r.getString("target_id"));
                }
                previousHash = r.getString("hash");
                expectedSeq++;
            }
            head = expectedSeq - 1;
        }
        assertThat(groupRecords).hasSize(4 * perWriter).doesNotHaveDuplicates().doesNotContainNull();

        // Verifying covers everything written so far; each verification is itself recorded after it ran, so the
        // one on B also covers the record of the one on A.
        ChainVerification onA = adminA.audit().verify();
        ChainVerification onB = adminB.audit().verify();
        assertThat(onA.intact()).as(onA.detail()).isTrue();
        assertThat(onB.intact()).as(onB.detail()).isTrue();
        assertThat(onA.verifiedUpTo()).isGreaterThanOrEqualTo(head).isGreaterThan(4L * perWriter);
        assertThat(onB.verifiedUpTo()).isGreaterThan(onA.verifiedUpTo());
        AuditEvent newest = adminB.audit().events(AuditQuery.all()).events().getFirst();
        assertThat(newest.action()).isEqualTo(AuditAction.AUDIT_VERIFY.code());
        assertThat(newest.seq()).isEqualTo(onB.verifiedUpTo() + 1);
    }

    @Test
    void aDataKeyRotationOnA_whileBCreatesAndReveals_losesNothing() throws Exception {
        Map<UUID, String> written = new ConcurrentHashMap<>();
        for (int i = 0; i < 30; i++) {
            String value = "before-" + i + "-" + UUID.randomUUID();
            written.put(adminA.vault().create(entry("before-" + i, value)).id(), value);
        }
        long oldKey = adminA.vault().rotationStatus().primaryKeyId();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> wrongOnB = new ArrayList<>();
        Thread writerOnB = Thread.ofPlatform().start(() -> {
            int i = 0;
            while (!stop.get()) {
                String value = "during-" + i + "-" + UUID.randomUUID();
                UUID id = adminB.vault().create(entry("during-" + i++, value)).id();
                written.put(id, value);
                String back = adminB.vault()
                        .reveal(id, RevealRequest.secret())
                        .value()
                        .reveal();
                if (!back.equals(value)) {
                    synchronized (wrongOnB) {
                        wrongOnB.add(id.toString());
                    }
                }
            }
        });
        try {
            adminA.vault().rotate();
            await(Duration.ofSeconds(90), () -> {
                RotationStatus s = adminA.vault().rotationStatus();
                return s.primaryKeyId() != oldKey
                        && s.remaining() == 0
                        && stateOf(s, oldKey).equals("DISABLED");
            });
            stop.set(true);
            writerOnB.join(Duration.ofSeconds(30));
        } finally {
            stop.set(true);
        }

        assertThat(wrongOnB).isEmpty();
        // Values B sealed while it still used the older key were re-encrypted before the key was disabled.
        RotationStatus after = adminB.vault().rotationStatus();
        assertThat(after.remaining()).isZero();
        assertThat(written).hasSizeGreaterThan(30);
        Set<String> unreadable = written.entrySet().stream()
                .filter(e -> {
                    String onA = adminA.vault()
                            .reveal(e.getKey(), RevealRequest.secret())
                            .value()
                            .reveal();
                    String onB = adminB.vault()
                            .reveal(e.getKey(), RevealRequest.secret())
                            .value()
                            .reveal();
                    return !onA.equals(e.getValue()) || !onB.equals(e.getValue());
                })
                .map(e -> e.getKey().toString())
                .collect(Collectors.toSet());
        assertThat(unreadable).isEmpty();
    }

    @Test
    void auditForwarding_sendsFromOneNodeAtATime_soEveryRecordOfEitherNodeArrivesOnce() throws Exception {
        try (SyslogListener syslog = SyslogListener.start()) {
            adminA.forwarding()
                    .create(new ForwardDestinationRequest(
                            "relay", ForwardKind.SYSLOG, "127.0.0.1:" + syslog.port(), true, null, null, null));
            // Longer than a node takes to notice a destination added on another (ForwardJobs), so both nodes run a
            // forwarder for it while records are written on both.
            Instant end = Instant.now().plus(Duration.ofSeconds(8));
            for (int i = 0; Instant.now().isBefore(end); i++) {
                (i % 2 == 0 ? adminA : adminB).groups().create(new CreateGroupRequest("f-" + i, ""));
                Thread.sleep(50);
            }
            long head = newestSeq(adminA);
            await(Duration.ofSeconds(30), () -> syslog.events().containsAll(range(1, head)));
            Thread.sleep(2_000); // time for a second sender to show itself
            assertThat(syslog.duplicates()).as("records sent twice").isEmpty();

            // The node that sends stops; the other takes the destination over from the confirmed cursor.
            nodeA.close();
            nodeA = null;
            for (int i = 0; i < 20; i++) {
                adminB.groups().create(new CreateGroupRequest("after-" + i, ""));
            }
            long later = newestSeq(adminB);
            await(Duration.ofSeconds(30), () -> syslog.events().containsAll(range(1, later)));
            Thread.sleep(1_000);
            assertThat(syslog.duplicates()).as("records sent twice").isEmpty();
        }
    }

    private static long newestSeq(BulwarkClient admin) {
        return admin.audit().events(AuditQuery.all()).events().getFirst().seq();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /**
     * A syslog receiver on plain TCP (RFC 6587 octet counting, as {@code SyslogSender} frames): keeps the sequence
     * number of every audit record it is sent, from any connection.
     */
    private static final class SyslogListener implements AutoCloseable {
        private static final Pattern RECORD = Pattern.compile(" bulwark - audit \\[bulwark@32473 seq=\"(\\d+)\"");
        private final ServerSocket socket;
        private final List<Long> received = new ArrayList<>();
        private final List<Socket> connections = new ArrayList<>();

        private SyslogListener(ServerSocket socket) {
            this.socket = socket;
        }

        static SyslogListener start() throws IOException {
            SyslogListener listener = new SyslogListener(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread.ofPlatform().daemon().start(listener::accept);
            return listener;
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    synchronized (connections) {
                        connections.add(connection);
                    }
                    Thread.ofPlatform().daemon().start(() -> read(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void read(Socket connection) {
            try (InputStream in = new BufferedInputStream(connection.getInputStream())) {
                while (true) {
                    int length = 0;
                    int b;
                    while ((b = in.read()) != ' ') {
                        if (b < 0) {
                            return;
                        }
                        length = length * 10 + (b - '0');
                    }
                    String message = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    Matcher m = RECORD.matcher(message);
                    if (m.find()) {
                        synchronized (received) {
                            received.add(Long.parseLong(m.group(1)));
                        }
                    }
                }
            } catch (IOException closed) {
                // the sender went away
            }
        }

        Set<Long> events() {
            synchronized (received) {
                return Set.copyOf(received);
            }
        }

        /** Sequence numbers that arrived more than once. */
        Set<Long> duplicates() {
            synchronized (received) {
                Set<Long> seen = new java.util.HashSet<>();
                return received.stream().filter(seq -> !seen.add(seq)).collect(Collectors.toSet());
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (connections) {
                for (Socket c : connections) {
                    c.close();
                }
            }
        }
    }

    private static String stateOf(RotationStatus status, long keyId) {
        return status.keys().stream()
                .filter(k -> k.keyId() == keyId)
                .map(KeyUsage::state)
                .findFirst()
                .orElse("MISSING");
    }

    private static CreateVaultEntryRequest entry(String name, String secret) {
        return new CreateVaultEntryRequest(
                name, EntryKind.PASSWORD, "svc", null, Secret.of(secret), null, List.of(), List.of(), null, List.of());
    }

    private static String kidOf(BulwarkClient client) throws Exception {
        return SignedJWT.parse(client.session().orElseThrow().accessToken().reveal())
                .getHeader()
                .getKeyID();
    }

    private static Set<String> keyIds(BulwarkServer node) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(node.baseUri() + "/.well-known/jwks.json"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JWKSet.parse(response.body()).getKeys().stream()
                    .map(k -> k.getKeyID())
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status of {@code GET /api/v1/me} on {@code node} with {@code signedIn}'s access token. */
    private static int meWithTokenOf(BulwarkClient signedIn, BulwarkServer node) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create(node.baseUri() + "/api/v1/me"))
                                    .header(
                                            "Authorization",
                                            "Bearer "
                                                    + signedIn.session()
                                                            .orElseThrow()
                                                            .accessToken()
                                                            .reveal())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private static void await(Duration timeout, BooleanSupplier done) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waited %s", timeout).isBefore(end);
            Thread.sleep(100);
        }
    }

    private static ApiException failure(Runnable call) {
        return catchThrowableOfType(ApiException.class, call::run);
    }
}
