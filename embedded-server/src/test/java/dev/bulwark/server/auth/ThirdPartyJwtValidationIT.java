package dev.bulwark.server.auth;

import static dev.bulwark.server.TestServers.ADMIN_EMAIL;
import static dev.bulwark.server.TestServers.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another JOSE implementation (jose4j) validates Bulwark's access tokens using only what the server publishes, the
 * way a resource server of another team would: the JWKS fetched over HTTP, ES256, issuer, audience and expiry.
 */
class ThirdPartyJwtValidationIT {
    @TempDir
    Path dir;

    private BulwarkServer server;
    private JwtConsumer consumer;

    @BeforeEach
    void start() {
        server = TestServers.embedded(dir);
        TestServers.createAdmin(server);
        HttpsJwks jwks =
                new HttpsJwks(server.baseUri().resolve("/.well-known/jwks.json").toString());
        consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setExpectedIssuer(AccessTokens.ISSUER)
                .setExpectedAudience(AccessTokens.AUDIENCE)
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SessionTokens signIn() {
        BulwarkClient client = new BulwarkClient(server.baseUri());
        client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
        return client.session().orElseThrow();
    }

    @Test
    void accessToken_isValidForJose4jAgainstThePublishedKeySet() throws Exception {
        SessionTokens tokens = signIn();

        JwtClaims claims = consumer.processToClaims(tokens.accessToken().reveal());

        assertThat(claims.getSubject()).isEqualTo(tokens.user().id().toString());
        assertThat(claims.getStringClaimValue("sid"))
                .isEqualTo(tokens.sessionId().toString());
        assertThat(claims.getExpirationTime().getValueInMillis()
                        - claims.getIssuedAt().getValueInMillis())
                .isEqualTo(10 * 60 * 1000L);
    }

    @Test
    void accessTokenWithAlteredClaims_isRejectedByJose4j() {
        String[] parts = signIn().accessToken().reveal().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"00000000-0000-0000-0000-000000000000\"");
        assertThat(forged).isNotEqualTo(payload);
        String token = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertThatThrownBy(() -> consumer.processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void accessToken_isRejectedByJose4jForAnotherAudience() {
        JwtConsumer otherAudience = new JwtConsumerBuilder()
                .setExpectedIssuer(AccessTokens.ISSUER)
                .setExpectedAudience("some-other-api")
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(
                        server.baseUri().resolve("/.well-known/jwks.json").toString())))
                .build();

        assertThatThrownBy(() ->
                        otherAudience.processToClaims(signIn().accessToken().reveal()))
                .isInstanceOf(InvalidJwtException.class);
    }
}
