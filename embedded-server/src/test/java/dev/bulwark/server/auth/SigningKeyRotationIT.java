package dev.bulwark.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation of the access-token signing key by the server's background job: the next key is published before it
 * signs, and every rotation is in the audit trail, written with the key.
 */
class SigningKeyRotationIT {
    @TempDir
    Path dir;

    private final TestClock clock = TestClock.startingNow();
    private BulwarkServer server;

    @BeforeEach
    void start() {
        server = TestServers.embedded(dir, Map.of(), clock);
        TestServers.createAdmin(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDueRotation_publishesTheNextKey_andRecordsItInTheTrail() throws Exception {
        String first = kidOf(IdentityFixtures.admin(server));
        assertThat(rotations())
                .as("the first key is part of setting up, not a rotation")
                .isEmpty();

        clock.advance(Duration.ofDays(30));
        await(Duration.ofSeconds(60), () -> keyIds().size() == 2);

        String next =
                keyIds().stream().filter(k -> !k.equals(first)).findFirst().orElseThrow();
        List<AuditEvent> rotations = rotations();
        assertThat(rotations).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(e.actor().kind()).isEqualTo(AuditActor.Kind.SYSTEM);
            assertThat(e.category()).isEqualTo("AUTHENTICATION");
            assertThat(e.targetType()).isEqualTo("signing-key");
            assertThat(e.targetId()).isEqualTo(next);
            assertThat(e.reason()).contains("signs from");
        });
        assertThat(kidOf(IdentityFixtures.admin(server)))
                .as("published, not yet signing")
                .isEqualTo(first);

        clock.advance(Duration.ofMinutes(2));
        assertThat(kidOf(IdentityFixtures.admin(server))).isEqualTo(next);
        Thread.sleep(1_000);
        assertThat(rotations()).as("one rotation, one record").hasSize(1);
        assertThat(IdentityFixtures.admin(server).audit().verify().intact()).isTrue();
    }

    /** The rotation records, read by an administrator signed in now (the clock moves by days here). */
    private List<AuditEvent> rotations() {
        return IdentityFixtures.admin(server)
                .audit()
                .events(new AuditQuery(
                        null, null, null, "signing-key.rotate", null, null, null, null, null, 10, null, null))
                .events();
    }

    private Set<String> keyIds() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(server.baseUri() + "/.well-known/jwks.json"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JWKSet.parse(response.body()).getKeys().stream()
                    .map(JWK::getKeyID)
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kidOf(BulwarkClient client) throws Exception {
        return SignedJWT.parse(client.session().orElseThrow().accessToken().reveal())
                .getHeader()
                .getKeyID();
    }

    private static void await(Duration timeout, java.util.function.BooleanSupplier done) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waited %s", timeout).isBefore(end);
            Thread.sleep(100);
        }
    }
}
