package dev.bulwark.server.auth;

import static dev.bulwark.server.TestServers.ADMIN_EMAIL;
import static dev.bulwark.server.TestServers.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionIT {
    @TempDir
    Path dir;

    private BulwarkServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = TestServers.embedded(dir);
        TestServers.createAdmin(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BulwarkClient signedIn() {
        BulwarkClient client = new BulwarkClient(server.baseUri());
        client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));
        return client;
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.baseUri().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.baseUri().resolve(path))
                        .header("Authorization", "Bearer " + bearer)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void login_returnsSignedTokensAndTheUser() {
        BulwarkClient client = new BulwarkClient(server.baseUri());

        LoginOutcome outcome = client.auth().login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD)));

        SessionTokens tokens = ((LoginOutcome.SignedIn) outcome).tokens();
        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(tokens.expiresIn()).isEqualTo(600);
        assertThat(tokens.accessToken().reveal().split("\\.")).hasSize(3);
        assertThat(tokens.user().email()).isEqualTo(ADMIN_EMAIL);
        assertThat(client.me().get().lastLoginAt()).isNotNull();
    }

    @Test
    void wrongPasswordAndUnknownEmail_getTheSameAnswer() throws Exception {
        HttpResponse<String> wrongPassword =
                post("/api/v1/auth/login", "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"not the password\"}");
        HttpResponse<String> unknownEmail =
                post("/api/v1/auth/login", "{\"email\":\"nobody@example.com\",\"password\":\"not the password\"}");

        assertThat(wrongPassword.statusCode()).isEqualTo(401).isEqualTo(unknownEmail.statusCode());
        assertThat(withoutRequestId(wrongPassword.body())).isEqualTo(withoutRequestId(unknownEmail.body()));
        assertThat(wrongPassword.body()).contains("urn:bulwark:problem:invalid-credentials");
    }

    private static JsonNode withoutRequestId(String body) throws Exception {
        var node =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.lenient().readTree(body);
        node.remove("requestId");
        return node;
    }

    @Test
    void accessToken_isVerifiableWithThePublishedKeySet() throws Exception {
        SessionTokens tokens = signedIn().session().orElseThrow();
        String jwks = http.send(
                        HttpRequest.newBuilder(server.baseUri().resolve("/.well-known/jwks.json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();

        var keys = com.nimbusds.jose.jwk.JWKSet.parse(jwks);
        var jwt = com.nimbusds.jwt.SignedJWT.parse(tokens.accessToken().reveal());
        var key =
                (com.nimbusds.jose.jwk.ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());

        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject())
                .isEqualTo(tokens.user().id().toString());
        assertThat(jwt.getJWTClaimsSet().getStringClaim("sid"))
                .isEqualTo(tokens.sessionId().toString());
    }

    @Test
    void refresh_rotatesTheRefreshToken() {
        BulwarkClient client = signedIn();
        SessionTokens first = client.session().orElseThrow();

        SessionTokens second = client.auth().refresh();

        assertThat(second.refreshToken().reveal())
                .isNotEqualTo(first.refreshToken().reveal());
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(client.me().get().email()).isEqualTo(ADMIN_EMAIL);
    }

    @Test
    void reusedRefreshToken_endsTheWholeSession() throws Exception {
        BulwarkClient client = signedIn();
        SessionTokens stolen = client.session().orElseThrow();
        SessionTokens current = client.auth().refresh();

        HttpResponse<String> replay = post(
                "/api/v1/auth/refresh",
                "{\"refreshToken\":\"" + stolen.refreshToken().reveal() + "\"}");

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/me", current.accessToken().reveal()).statusCode())
                .isEqualTo(401);
        assertThat(post(
                                "/api/v1/auth/refresh",
                                "{\"refreshToken\":\"" + current.refreshToken().reveal() + "\"}")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void logout_stopsTheAccessTokenAtTheNextRequest() throws Exception {
        BulwarkClient client = signedIn();
        String access = client.session().orElseThrow().accessToken().reveal();
        assertThat(get("/api/v1/me", access).statusCode()).isEqualTo(200);

        client.auth().logout();

        HttpResponse<String> after = get("/api/v1/me", access);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("session-expired");
        assertThat(client.session()).isEmpty();
    }

    @Test
    void garbageBearerToken_isNotAuthenticated() throws Exception {
        HttpResponse<String> response = get("/api/v1/me", "not.a.jwt");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("not-authenticated");
    }

    @Test
    void changePassword_endsOtherSessionsButKeepsThisOne() throws Exception {
        BulwarkClient mine = signedIn();
        BulwarkClient other = signedIn();
        String otherAccess = other.session().orElseThrow().accessToken().reveal();

        mine.me()
                .changePassword(new ChangePasswordRequest(
                        Secret.of(ADMIN_PASSWORD), Secret.of("a brand new passphrase for ada")));

        assertThat(mine.me().get().email()).isEqualTo(ADMIN_EMAIL);
        assertThat(get("/api/v1/me", otherAccess).statusCode()).isEqualTo(401);
        ApiException old = catchThrowableOfType(ApiException.class, () -> new BulwarkClient(server.baseUri())
                .auth()
                .login(new LoginRequest(ADMIN_EMAIL, Secret.of(ADMIN_PASSWORD))));
        assertThat(old.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        new BulwarkClient(server.baseUri())
                .auth()
                .login(new LoginRequest(ADMIN_EMAIL, Secret.of("a brand new passphrase for ada")));
    }

    @Test
    void changePassword_withWrongCurrentPassword_isRefusedOnThatField() {
        BulwarkClient client = signedIn();

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.me()
                .changePassword(new ChangePasswordRequest(
                        Secret.of("not my password"), Secret.of("a brand new passphrase for ada"))));

        assertThat(e.fieldError("currentPassword")).contains("The current password is not correct.");
    }

    @Test
    void loginWithRaisedIterations_upgradesTheStoredHash() {
        server.close();
        server = TestServers.embedded(dir, java.util.Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "2000"));

        signedIn();

        String hash = storedHash();
        assertThat(hash).startsWith("pbkdf2-sha256$2000$");
        signedIn();
    }

    private String storedHash() {
        server.close();
        try (var c = dev.bulwark.server.TestDatabase.connect(dir);
                var s = c.createStatement();
                var r = s.executeQuery("SELECT password_hash FROM app_user")) {
            r.next();
            return r.getString(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        } finally {
            server = TestServers.embedded(dir, java.util.Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "2000"));
        }
    }

    @Test
    void noTokenOrPasswordAppearsInTheServersAnswerToAnError() throws Exception {
        HttpResponse<String> response =
                post("/api/v1/auth/login", "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"s3cret-probe-value\"}");

        assertThat(response.body()).doesNotContain("s3cret-probe-value");
        assertThat(URI.create(response.uri().toString()).getQuery()).isNull();
    }
}
