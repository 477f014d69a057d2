package dev.bulwark.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.client.ServerTrust;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerNodes;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.tls.TestCertificates;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosted mode as an operator builds it: two server processes on one PostgreSQL database behind nginx, which ends
 * TLS and spreads requests over them, run from the example configuration the server package ships (README "Hosted
 * mode"). Clients reach the nodes only through the proxy, with its certificate pinned as the console pins it; the
 * operator's changes go to one node directly. Only on PostgreSQL (the failsafe execution {@code postgresql}) and
 * where nginx is installed. The last test kills a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BehindNginxIT {
    private static final int SIGN_IN_PER_IP = 6;

    @TempDir
    static Path dir;

    private static ServerNodes nodes;
    private static URI a;
    private static URI b;
    private static NginxProxy nginx;
    private static URI proxy;
    private static String pinned;
    private static SSLContext trustingTheTestCa;
    private static BulwarkClient adminOnA;
    private static BulwarkClient adminOnB;

    @BeforeAll
    static void startTwoNodesBehindNginx() throws Exception {
        assumeTrue(TestDatabase.postgresql(), "two nodes need a shared PostgreSQL database (-DpostgresqlTestCluster)");
        assumeTrue(NginxProxy.installed(), "nginx is not installed (apt-get install nginx)");
        int proxyPort = NginxProxy.freePort();
        proxy = URI.create("https://127.0.0.1:" + proxyPort);
        nodes = ServerNodes.start(
                dir,
                Map.of(
                        "BULWARK_SERVER_TRUSTED_PROXIES",
                        "127.0.0.1/32",
                        "BULWARK_SERVER_PUBLIC_URL",
                        proxy.toString(),
                        "BULWARK_RATE_LIMITS_SIGN_IN_PER_IP",
                        SIGN_IN_PER_IP + "/1m"));
        a = nodes.uriA();
        b = nodes.uriB();

        TestCertificates ca = new TestCertificates();
        TestCertificates.IssuedCertificate certificate = ca.issue(dir.resolve("proxy-tls"), "127.0.0.1");
        pinned = ServerTrust.fingerprint(certificate.leaf());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ca.authorities());
        trustingTheTestCa = SSLContext.getInstance("TLS");
        trustingTheTestCa.init(null, trust.getTrustManagers(), null);
        nginx = NginxProxy.start(
                dir.resolve("nginx"),
                proxyPort,
                List.of(a.getPort(), b.getPort()),
                certificate.certificate(),
                certificate.key());

        adminOnA = signedIn(new BulwarkClient(a), TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD);
        adminOnB = signedIn(new BulwarkClient(b), TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    /** A client of the proxy that pins its certificate, as the console does after the first connect. */
    private static BulwarkClient throughProxy() {
        return new BulwarkClient(proxy, ServerTrust.systemOrPinned(pinned).httpClient());
    }

    private static BulwarkClient signedIn(BulwarkClient client, String email, String password) {
        client.auth().login(new LoginRequest(email, Secret.of(password)));
        return client;
    }

    private static UUID createUser(String email, Role role) {
        return adminOnA.users()
                .create(new CreateUserRequest(email, email, role, Secret.of(IdentityFixtures.PASSWORD), null))
                .user()
                .id();
    }

    /** The nodes ({@code 127.0.0.1:port}) that answered the proxy's requests after the first {@code skip}. */
    private static Set<String> nodesThatAnswered(int skip) throws Exception {
        List<String> all = nginx.upstreams();
        return new HashSet<>(all.subList(Math.min(skip, all.size()), all.size()));
    }

    private static Set<String> bothNodes() {
        return Set.of("127.0.0.1:" + a.getPort(), "127.0.0.1:" + b.getPort());
    }

    private static ApiException failure(Runnable call) {
        return catchThrowableOfType(ApiException.class, call::run);
    }

    /**
     * An administrator signed in through the proxy from {@code source}, so that many writers are not one client to
     * the sign-in limit per address.
     */
    private static BulwarkClient adminThroughProxyFrom(String source) throws Exception {
        return signedIn(new BulwarkClient(proxy, from(source)), TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD);
    }

    /** HTTPS through the proxy from {@code source}, a loopback address such as 127.0.0.23. */
    private static HttpClient from(String source) throws Exception {
        return HttpClient.newBuilder()
                .localAddress(InetAddress.getByName(source))
                .sslContext(trustingTheTestCa)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private static HttpResponse<String> signIn(HttpClient http, String email, String password, String forwardedFor)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.resolve("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<AuditEvent> audited(AuditAction action) {
        return adminOnA.audit()
                .events(new AuditQuery(null, null, null, action.code(), null, null, null, null, null, 1000, null))
                .events();
    }

    @Test
    @Order(1)
    void bothNodesServeThroughTheProxy_andEveryRecordNamesTheClientNotTheProxy() throws Exception {
        String email = "remote-admin@example.com";
        createUser(email, Role.ADMIN);
        int before = nginx.upstreams().size();
        try (HttpClient http = from("127.0.0.23")) {
            HttpResponse<String> spoofing = signIn(http, email, IdentityFixtures.PASSWORD, "203.0.113.9");
            assertThat(spoofing.statusCode()).as(spoofing.body()).isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                assertThat(signIn(http, email, IdentityFixtures.PASSWORD, null).statusCode())
                        .isEqualTo(200);
            }
        }

        assertThat(nodesThatAnswered(before)).isEqualTo(bothNodes());
        assertThat(audited(AuditAction.AUTH_LOGIN_SUCCESS))
                .filteredOn(e -> email.equals(e.actor().email()))
                .hasSize(6)
                .allSatisfy(e -> assertThat(e.sourceIp())
                        .as("the client nginx saw, not the proxy, nor what the client wrote itself")
                        .isEqualTo("127.0.0.23"));
    }

    @Test
    @Order(2)
    void aSessionEndedOnB_isRefusedThroughTheProxy_whicheverNodeAnswers() throws Exception {
        UUID eve = createUser("eve@example.com", Role.USER);
        BulwarkClient eveViaProxy = signedIn(throughProxy(), "eve@example.com", IdentityFixtures.PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertThat(eveViaProxy.me().get().id()).isEqualTo(eve);
        }

        adminOnB.users().endSession(eve, eveViaProxy.session().orElseThrow().sessionId());

        int before = nginx.upstreams().size();
        String accessToken = eveViaProxy.session().orElseThrow().accessToken().reveal();
        try (HttpClient pinnedHttp = ServerTrust.systemOrPinned(pinned).httpClient()) {
            for (int i = 0; i < 4; i++) {
                // the token itself, as the client sent it before: the client forgets a session the server ended
                HttpResponse<String> refused = pinnedHttp.send(
                        HttpRequest.newBuilder(proxy.resolve("/api/v1/me"))
                                .header("Authorization", "Bearer " + accessToken)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.body()).contains(ProblemType.SESSION_EXPIRED.slug());
            }
        }
        assertThat(nodesThatAnswered(before)).isEqualTo(bothNodes());
    }

    @Test
    @Order(3)
    void aGrantRemovedOnA_isRefusedThroughTheProxy_whicheverNodeAnswers() throws Exception {
        UUID sam = createUser("sam@example.com", Role.EDITOR);
        adminOnA.users().setGrants(sam, new Grants(Map.of(Module.GROUPS, AccessLevel.READ)));
        BulwarkClient samViaProxy = signedIn(throughProxy(), "sam@example.com", IdentityFixtures.PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertThat(samViaProxy.groups().list()).isNotNull();
        }

        adminOnA.users().setGrants(sam, new Grants(Map.of()));

        int before = nginx.upstreams().size();
        for (int i = 0; i < 4; i++) {
            assertThat(failure(() -> samViaProxy.groups().list()).type()).isEqualTo(ProblemType.FORBIDDEN);
        }
        assertThat(nodesThatAnswered(before)).isEqualTo(bothNodes());
    }

    @Test
    @Order(4)
    void theSignInLimitPerAddress_holdsAcrossBothNodes_forEachClientBehindTheProxy() throws Exception {
        int before = nginx.upstreams().size();
        List<Integer> statuses = new ArrayList<>();
        try (HttpClient attacker = from("127.0.0.31");
                HttpClient bystander = from("127.0.0.32")) {
            for (int i = 0; i <= SIGN_IN_PER_IP; i++) {
                // a new X-Forwarded-For each time: still one client to the limit
                statuses.add(signIn(attacker, "nobody" + i + "@example.com", "guess", "198.51.100." + i)
                        .statusCode());
            }
            assertThat(signIn(bystander, "nobody@example.com", "guess", null).statusCode())
                    .as("another client behind the same proxy has a limit of its own")
                    .isEqualTo(401);
        }

        assertThat(statuses.subList(0, SIGN_IN_PER_IP)).containsOnly(401);
        assertThat(statuses.getLast()).isEqualTo(429);
        assertThat(nodesThatAnswered(before)).isEqualTo(bothNodes());
        assertThat(audited(AuditAction.RATE_LIMIT))
                .filteredOn(e -> "127.0.0.31".equals(e.sourceIp()))
                .singleElement()
                .satisfies(e -> assertThat(e.targetName()).isEqualTo("sign-in-per-ip"));
    }

    @Test
    @Order(5)
    void writersThroughTheProxy_makeOneGaplessChainThatVerifies() throws Exception {
        int writers = 4;
        int perWriter = 25;
        Set<UUID> created = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    BulwarkClient admin = adminThroughProxyFrom("127.0.0.4" + writer);
                    for (int i = 0; i < perWriter; i++) {
                        created.add(admin.groups()
                                .create(new CreateGroupRequest("chain-" + writer + "-" + i, ""))
                                .id());
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
        }

        assertThat(created).hasSize(writers * perWriter);
        assertOneGaplessChain(created);
    }

    @Test
    @Order(6)
    void killingANodeMidWrite_losesNothingAcknowledged_andTheOtherKeepsServingThroughTheProxy() throws Exception {
        Map<UUID, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger failedWrites = new AtomicInteger();
        AtomicInteger writesAfterTheKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    BulwarkClient admin = adminThroughProxyFrom("127.0.0.5" + writer);
                    for (int i = 0; !stop.get(); i++) {
                        String name = "crash-" + writer + "-" + i;
                        try {
                            UUID id = admin.groups()
                                    .create(new CreateGroupRequest(name, ""))
                                    .id();
                            acknowledged.put(id, name);
                            if (killed.get()) {
                                writesAfterTheKill.incrementAndGet();
                            }
                        } catch (ApiException inFlightWhenTheNodeDied) {
                            failedWrites.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1_500);
            nodes.b().killHard();
            killed.set(true);
            Thread.sleep(2_500);
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get();
            }
        }

        assertThat(writesAfterTheKill.get()).as("the survivor took the writes").isPositive();
        assertThat(failedWrites.get())
                .as("only writes sent to the killed node as it died may fail (nginx does not send a write twice)")
                .isLessThanOrEqualTo(6);
        BulwarkClient survivor = signedIn(throughProxy(), TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD);
        int before = nginx.upstreams().size();
        for (int i = 0; i < 6; i++) {
            assertThat(survivor.me().get().email()).isEqualTo(TestServers.ADMIN_EMAIL);
        }
        assertThat(nodesThatAnswered(before)).containsExactly("127.0.0.1:" + a.getPort());
        Map<UUID, String> stored = new HashMap<>();
        for (UUID id : acknowledged.keySet()) {
            stored.put(id, survivor.groups().get(id).group().name());
        }
        assertThat(stored).as("every acknowledged write is stored").isEqualTo(acknowledged);
        assertOneGaplessChain(acknowledged.keySet());
    }

    /** The stored chain has one record per number from 1, each linked to the one before, and verifies. */
    private static void assertOneGaplessChain(Set<UUID> groupsCreated) throws Exception {
        Set<String> recordedGroups = new HashSet<>();
        long newest;
        try (Connection c = TestDatabase.connect(dir.resolve("node-a"));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT seq, action, target_id, prev_hash, hash FROM audit_event" + " ORDER BY seq")) {
            long expected = 1;
            String previous = null;
            while (r.next()) {
                assertThat(r.getLong("seq")).as("no gap, no repeat").isEqualTo(expected);
                if (previous != null) {
                    assertThat(r.getString("prev_hash"))
                            .as("record %d links", expected)
                            .isEqualTo(previous);
                }
                if (AuditAction.GROUP_CREATE.code().equals(r.getString("action"))) {
                    assertThat(recordedGroups.add(r.getString("target_id")))
                            .as("one record per group")
                            .isTrue();
                }
                previous = r.getString("hash");
                expected++;
            }
            newest = expected - 1;
        }
        for (UUID id : groupsCreated) {
            assertThat(recordedGroups).contains(id.toString());
        }
        Instant started = Instant.now();
        ChainVerification verification = adminOnA.audit().verify();
        assertThat(verification.intact()).as(verification.detail()).isTrue();
        assertThat(verification.verifiedUpTo())
                .as("verified everything stored before it started (%s)", started)
                .isGreaterThanOrEqualTo(newest);
    }
}
