package dev.bulwark.server.token;

import static dev.bulwark.server.IdentityFixtures.PASSWORD;
import static dev.bulwark.server.IdentityFixtures.createUser;
import static dev.bulwark.server.IdentityFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.FieldError;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.ApiToken;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.token.CreatedApiToken;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.TestDatabase;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.log.JsonLogFormatter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ApiTokenIT extends AdminServerFixture {
    private static final String OTHER_PASSWORD = "marble kettle saxophone 4420";

    @Test
    void aCreatedToken_worksOnMe_andOnAPermissionCheckedRoute_andIsNamedInTheAuditTrail() {
        UUID eveId = editorWithUsersWrite();
        BulwarkClient eve = signIn(server, "eve@example.com");

        CreatedApiToken created = eve.me().tokens().create(CreateApiTokenRequest.named("deploy script"));
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), created.value());

        assertThat(created.value().reveal()).matches("bwk_[0-9A-Za-z]{43}");
        assertThat(created.token().expiresAt())
                .isBetween(
                        Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));
        assertThat(script.me().get().id()).isEqualTo(eveId);
        assertThat(script.users().search("", 10, null).items()).isNotEmpty();
        UUID made = script.users()
                .create(new CreateUserRequest("bob@example.com", "Bob", Role.USER, Secret.of(PASSWORD), null))
                .user()
                .id();

        AuditEvent userCreate = latest("user.create");
        assertThat(userCreate.targetId()).isEqualTo(made.toString());
        assertThat(userCreate.actor().userId()).isEqualTo(eveId);
        assertThat(userCreate.authMethod())
                .isEqualTo("api-token:" + created.token().id());
        ApiToken listed = eve.me().tokens().list().items().getFirst();
        assertThat(listed.lastUsedAt()).isNotNull();
        assertThat(listed.lastUsedIp()).isEqualTo("127.0.0.1");
        AuditEvent tokenCreate = latest("token.create");
        assertThat(tokenCreate.targetId()).isEqualTo(created.token().id().toString());
        assertThat(tokenCreate.targetName()).isEqualTo("deploy script");
        assertThat(tokenCreate.actor().userId()).isEqualTo(eveId);
    }

    @Test
    void aReadOnlyToken_readsButIsRefusedOnAWrite() {
        editorWithUsersWrite();
        BulwarkClient eve = signIn(server, "eve@example.com");
        CreatedApiToken created = eve.me().tokens().create(new CreateApiTokenRequest("reporting", 30, null, true));
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), created.value());

        assertThat(script.users().search("", 10, null).items()).isNotEmpty();
        ApiException refused = failure(() -> script.users()
                .create(new CreateUserRequest("bob@example.com", "Bob", Role.USER, Secret.of(PASSWORD), null)));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(refused.type().status()).isEqualTo(403);
        AuditEvent denial = latest("permission.denied");
        assertThat(denial.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(denial.authMethod()).isEqualTo("api-token:" + created.token().id());
    }

    @Test
    void aTokenNarrowedToModules_isRefusedOutsideThem() {
        UUID eveId = editorWithUsersWrite();
        admin.users()
                .setGrants(
                        eveId, new Grants(Map.of(Module.USERS, AccessLevel.WRITE, Module.GROUPS, AccessLevel.WRITE)));
        BulwarkClient eve = signIn(server, "eve@example.com");
        CreatedApiToken created =
                eve.me().tokens().create(new CreateApiTokenRequest("groups only", 7, List.of(Module.GROUPS), null));
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), created.value());

        assertThat(script.groups().list()).isNotNull();
        assertThat(failure(() -> script.users().search("", 10, null)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(eve.me().tokens().list().items().getFirst().modules()).containsExactly(Module.GROUPS);
    }

    @Test
    void aRevokedToken_isRefusedFromItsNextRequest() {
        CreatedApiToken created = admin.me().tokens().create(CreateApiTokenRequest.named("ci"));
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), created.value());
        assertThat(script.me().get().id()).isEqualTo(adminId);

        admin.me().tokens().revoke(created.token().id());

        ApiException refused = failure(() -> script.me().get());
        assertThat(refused.type()).isEqualTo(ProblemType.NOT_AUTHENTICATED);
        assertThat(admin.me().tokens().list().items()).isEmpty();
        assertThat(latest("token.revoke").targetId())
                .isEqualTo(created.token().id().toString());
    }

    @Test
    void anUnknownToken_isRefusedWithTheSameSentenceAsARevokedOne() {
        CreatedApiToken created = admin.me().tokens().create(CreateApiTokenRequest.named("ci"));
        admin.me().tokens().revoke(created.token().id());
        String forged = "bwk_" + "A".repeat(43);

        ApiException revoked = failure(() -> BulwarkClient.withApiToken(server.baseUri(), created.value())
                .me()
                .get());
        ApiException unknown = failure(() -> BulwarkClient.withApiToken(server.baseUri(), Secret.of(forged))
                .me()
                .get());

        assertThat(unknown.type()).isEqualTo(ProblemType.NOT_AUTHENTICATED);
        assertThat(unknown.getMessage()).isEqualTo(revoked.getMessage());
    }

    @Test
    void anExpiryOutsideOneToAYear_orABlankName_isAValidationErrorListingTheFields() {
        ApiException zero = failure(() -> admin.me().tokens().create(new CreateApiTokenRequest("", 0, null, null)));
        ApiException tooLong =
                failure(() -> admin.me().tokens().create(new CreateApiTokenRequest("x", 366, List.of(), null)));

        assertThat(zero.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(zero.fieldErrors()).extracting(FieldError::field).containsExactlyInAnyOrder("name", "expiresInDays");
        assertThat(tooLong.type().status()).isEqualTo(400);
        assertThat(tooLong.fieldErrors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("expiresInDays", "modules");
        assertThat(admin.me()
                        .tokens()
                        .create(new CreateApiTokenRequest("year", 365, null, null))
                        .token()
                        .expiresAt())
                .isAfter(Instant.now().plus(Duration.ofDays(364)));
    }

    @Test
    void disablingTheOwner_killsTheirTokens_evenAfterTheyAreEnabledAgain() {
        UUID eveId =
                createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();
        BulwarkClient eve = signIn(server, "eve@example.com");
        BulwarkClient script = BulwarkClient.withApiToken(
                server.baseUri(),
                eve.me().tokens().create(CreateApiTokenRequest.named("laptop")).value());
        assertThat(script.me().get().id()).isEqualTo(eveId);

        admin.users().disable(eveId);

        assertThat(failure(() -> script.me().get()).type()).isEqualTo(ProblemType.NOT_AUTHENTICATED);
        admin.users().enable(eveId);
        assertThat(failure(() -> script.me().get()).type()).isEqualTo(ProblemType.NOT_AUTHENTICATED);
        assertThat(admin.users().tokens(eveId).items()).isEmpty();
        AuditEvent revokeAll = latest("token.revoke.all");
        assertThat(revokeAll.targetId()).isEqualTo(eveId.toString());
        assertThat(revokeAll.reason()).isEqualTo("user-disabled");
    }

    @Test
    void changingTheOwnPassword_killsTheOwnersTokens() {
        createUser(admin, "eve@example.com", "Eve", Role.USER);
        BulwarkClient eve = signIn(server, "eve@example.com");
        BulwarkClient script = BulwarkClient.withApiToken(
                server.baseUri(),
                eve.me().tokens().create(CreateApiTokenRequest.named("laptop")).value());

        eve.me().changePassword(new ChangePasswordRequest(Secret.of(PASSWORD), Secret.of(OTHER_PASSWORD)));

        assertThat(failure(() -> script.me().get()).type()).isEqualTo(ProblemType.NOT_AUTHENTICATED);
        assertThat(eve.me().tokens().list().items()).isEmpty();
    }

    @Test
    void anAdminResettingAPassword_killsTheUsersTokens() {
        UUID eveId =
                createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();
        BulwarkClient eve = signIn(server, "eve@example.com");
        BulwarkClient script = BulwarkClient.withApiToken(
                server.baseUri(),
                eve.me().tokens().create(CreateApiTokenRequest.named("laptop")).value());

        admin.users().resetPassword(eveId, new PasswordResetRequest(Secret.of(OTHER_PASSWORD)));

        assertThat(failure(() -> script.me().get()).type()).isEqualTo(ProblemType.NOT_AUTHENTICATED);
    }

    @Test
    void aToken_cannotCreateTokens_changeThePassword_orSignOut() throws Exception {
        Secret value =
                admin.me().tokens().create(CreateApiTokenRequest.named("ci")).value();
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), value);

        assertThat(failure(() -> script.me().tokens().create(CreateApiTokenRequest.named("another")))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> script.me()
                                .changePassword(new ChangePasswordRequest(
                                        Secret.of(TestServers.ADMIN_PASSWORD), Secret.of(OTHER_PASSWORD))))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(post("/api/v1/auth/logout", value).statusCode()).isEqualTo(403);
        assertThat(admin.me().tokens().list().items()).hasSize(1);
        assertThat(script.me().get().id()).isEqualTo(adminId);
    }

    @Test
    void anAdmin_listsAndRevokesAnotherUsersToken() {
        UUID eveId =
                createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();
        BulwarkClient eve = signIn(server, "eve@example.com");
        CreatedApiToken created = eve.me().tokens().create(new CreateApiTokenRequest("laptop", 10, null, true));
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), created.value());

        List<ApiToken> listed = admin.users().tokens(eveId).items();
        assertThat(listed).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(created.token().id());
            assertThat(t.name()).isEqualTo("laptop");
            assertThat(t.readOnly()).isTrue();
            assertThat(t.ownerId()).isEqualTo(eveId);
        });
        admin.users().revokeToken(eveId, created.token().id());

        assertThat(failure(() -> script.me().get()).type()).isEqualTo(ProblemType.NOT_AUTHENTICATED);
        assertThat(eve.me().tokens().list().items()).isEmpty();
        assertThat(latest("token.revoke").actor().userId()).isEqualTo(adminId);
    }

    @Test
    void aUser_cannotListOrRevokeAnotherUsersTokens_andTheDenialIsAudited() {
        createUser(admin, "eve@example.com", "Eve", Role.USER);
        BulwarkClient eve = signIn(server, "eve@example.com");
        CreatedApiToken adminToken = admin.me().tokens().create(CreateApiTokenRequest.named("ci"));

        ApiException list = failure(() -> eve.users().tokens(adminId));
        ApiException revoke = failure(
                () -> eve.users().revokeToken(adminId, adminToken.token().id()));
        ApiException viaMe =
                failure(() -> eve.me().tokens().revoke(adminToken.token().id()));

        assertThat(list.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(revoke.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(viaMe.type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(admin.me().tokens().list().items()).hasSize(1);
        List<AuditEvent> denials = admin.audit()
                .events(new AuditQuery(null, null, null, "permission.denied", null, null, null, null, null, null, null))
                .events();
        assertThat(denials).anySatisfy(d -> assertThat(d.actor().email()).isEqualTo("eve@example.com"));
    }

    @Test
    void aBearerHeaderWithATokenOfTheWrongShape_isNotAuthenticated() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUri() + "/api/v1/me"))
                                .header("Authorization", "Bearer bwk_short")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("not-authenticated").doesNotContain("bwk_short");
    }

    @Test
    void aTokenValue_neverAppearsInTheAuditTrail_theServerLog_orTheDatabaseFile() throws Exception {
        List<String> logLines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logLines.add(new JsonLogFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        String value;
        String audit;
        try {
            CreatedApiToken created = admin.me().tokens().create(new CreateApiTokenRequest("planted", 5, null, true));
            value = created.value().reveal();
            BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), created.value());
            script.me().get();
            failure(() -> script.users().delete(adminId));
            failure(() -> script.me().tokens().create(CreateApiTokenRequest.named("again")));
            admin.me().tokens().revoke(created.token().id());
            failure(() -> script.me().get());
            audit = Json.lenient()
                    .writeValueAsString(admin.audit()
                            .events(new AuditQuery(null, null, null, null, null, null, null, null, null, 1000, null)));
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        server.close();
        byte[] database = TestDatabase.storedContent(dir);

        assertThat(audit)
                .contains("token.create", "token.revoke", "permission.denied")
                .doesNotContain(value);
        assertThat(String.join("", logLines)).doesNotContain(value);
        assertThat(logLines).isNotEmpty();
        assertThat(new String(database, StandardCharsets.ISO_8859_1)).doesNotContain(value);
        assertThat(new String(database, StandardCharsets.UTF_16BE)).doesNotContain(value);
    }

    private HttpResponse<String> post(String path, Secret bearer) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                                .header("Authorization", "Bearer " + bearer.reveal())
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private UUID editorWithUsersWrite() {
        UUID eveId =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();
        admin.users().setGrants(eveId, new Grants(Map.of(Module.USERS, AccessLevel.WRITE)));
        return eveId;
    }

    private AuditEvent latest(String action) {
        return admin.audit()
                .events(new AuditQuery(null, null, null, action, null, null, null, null, null, 1, null))
                .events()
                .getFirst();
    }
}
