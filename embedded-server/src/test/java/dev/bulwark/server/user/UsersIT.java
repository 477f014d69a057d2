package dev.bulwark.server.user;

import static dev.bulwark.server.IdentityFixtures.PASSWORD;
import static dev.bulwark.server.IdentityFixtures.createUser;
import static dev.bulwark.server.IdentityFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.model.user.UserPage;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UsersIT extends AdminServerFixture {
    @Test
    void create_returnsTheUser_whoCanThenSignIn() {
        UserDetails eve = createUser(admin, "Eve@Example.com", "Eve", Role.EDITOR);

        assertThat(eve.user().email()).isEqualTo("Eve@Example.com");
        assertThat(eve.user().role()).isEqualTo(Role.EDITOR);
        assertThat(eve.user().enabled()).isTrue();
        assertThat(eve.user().passwordChangeRequired()).isFalse();
        assertThat(eve.version()).isEqualTo(1);
        assertThat(signIn(server, "eve@example.com").me().get().id())
                .isEqualTo(eve.user().id());
        assertThat(admin.users().get(eve.user().id()).user().displayName()).isEqualTo("Eve");
    }

    @Test
    void create_withATemporaryPassword_requiresAChangeAtNextSignIn() {
        UserDetails bob = admin.users()
                .create(new CreateUserRequest("bob@example.com", "Bob", Role.USER, Secret.of(PASSWORD), true));

        assertThat(bob.user().passwordChangeRequired()).isTrue();
    }

    @Test
    void create_refusesAnEmailThatDiffersOnlyInCase() {
        createUser(admin, "eve@example.com", "Eve", Role.USER);

        ApiException e = failure(() -> createUser(admin, "EVE@example.COM", "Other Eve", Role.USER));

        assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(e.detail()).isEqualTo("A user with this email already exists.");
    }

    @Test
    void create_listsEveryBadField_andCreatesNothing() {
        ApiException e = failure(() -> admin.users()
                .create(new CreateUserRequest("not-an-email", "x".repeat(201), null, Secret.of("short"), null)));

        assertThat(e.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(e.fieldErrors())
                .extracting(f -> f.field())
                .containsExactlyInAnyOrder("email", "displayName", "role", "password");
        assertThat(admin.users().search(null, 10, null).items()).hasSize(1);
    }

    @Test
    void create_refusesAWeakPassword() {
        ApiException e = failure(() -> admin.users()
                .create(new CreateUserRequest("eve@example.com", "Eve", Role.USER, Secret.of("password1234"), null)));

        assertThat(e.fieldError("password")).isPresent();
    }

    @Test
    void search_matchesPrefixAndSubstringOfEmailAndName_ignoringCase() {
        createUser(admin, "carol@example.com", "Carol Danvers", Role.USER);
        createUser(admin, "dave@corp.example", "Dave Lister", Role.USER);
        createUser(admin, "frank@example.com", "Frank Lister", Role.USER);

        assertThat(emails(admin.users().search("car", 10, null))).containsExactly("carol@example.com");
        assertThat(emails(admin.users().search("LISTER", 10, null)))
                .containsExactly("dave@corp.example", "frank@example.com");
        assertThat(emails(admin.users().search("corp", 10, null))).containsExactly("dave@corp.example");
        assertThat(emails(admin.users().search("%", 10, null))).isEmpty();
    }

    @Test
    void search_findsANameChangedByAnUpdate_andNeverMatchesAcrossEmailAndName() {
        UserDetails carol = createUser(admin, "carol@example.com", "Carol Danvers", Role.USER);
        admin.users().update(carol.user().id(), new UpdateUserRequest(carol.version(), null, "Captain Marvel", null));

        assertThat(emails(admin.users().search("marvel", 10, null))).containsExactly("carol@example.com");
        assertThat(emails(admin.users().search("danvers", 10, null))).isEmpty();
        assertThat(emails(admin.users().search("com captain", 10, null))).isEmpty();
    }

    @Test
    void search_pagesInEmailOrder_whenEmailsWereTypedInCapitals() {
        createUser(admin, "Bea@Example.com", "Bea", Role.USER);
        createUser(admin, "CARL@example.com", "Carl", Role.USER);
        createUser(admin, "abe@example.com", "Abe", Role.USER);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            UserPage page = admin.users().search("example.com", 1, cursor);
            seen.addAll(emails(page));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen)
                .containsExactly("abe@example.com", TestServers.ADMIN_EMAIL, "Bea@Example.com", "CARL@example.com");
    }

    @Test
    void search_pagesThroughEveryUser_inEmailOrder() {
        for (int i = 0; i < 7; i++) {
            createUser(admin, "user" + i + "@example.com", "Person " + i, Role.USER);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            UserPage page = admin.users().search("", 3, cursor);
            seen.addAll(emails(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(8).isSorted().doesNotHaveDuplicates().contains(TestServers.ADMIN_EMAIL);
    }

    @Test
    void search_refusesABadLimitOrCursor() {
        assertThat(failure(() -> admin.users().search("", 0, null)).fieldError("limit"))
                .isPresent();
        assertThat(failure(() -> admin.users().search("", 500, null)).fieldError("limit"))
                .isPresent();
        assertThat(failure(() -> admin.users().search("", 10, "!!not base64!!")).fieldError("cursor"))
                .isPresent();
    }

    @Test
    void update_changesEmailAndName_andBumpsTheVersion() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.USER);

        UserDetails changed = admin.users()
                .update(eve.user().id(), new UpdateUserRequest(eve.version(), "eve.new@example.com", "Eve N", null));

        assertThat(changed.user().email()).isEqualTo("eve.new@example.com");
        assertThat(changed.user().displayName()).isEqualTo("Eve N");
        assertThat(changed.user().role()).isEqualTo(Role.USER);
        assertThat(changed.version()).isEqualTo(eve.version() + 1);
    }

    @Test
    void update_withAStaleVersion_conflicts_andChangesNothing() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.USER);
        admin.users().update(eve.user().id(), new UpdateUserRequest(eve.version(), null, "Eve One", null));

        ApiException e = failure(() ->
                admin.users().update(eve.user().id(), new UpdateUserRequest(eve.version(), null, "Eve Two", null)));

        assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(admin.users().get(eve.user().id()).user().displayName()).isEqualTo("Eve One");
    }

    @Test
    void update_toAnEmailTakenByAnother_conflicts() {
        createUser(admin, "eve@example.com", "Eve", Role.USER);
        UserDetails bob = createUser(admin, "bob@example.com", "Bob", Role.USER);

        ApiException e = failure(() -> admin.users()
                .update(bob.user().id(), new UpdateUserRequest(bob.version(), "EVE@example.com", null, null)));

        assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
    }

    @Test
    void update_withoutAVersion_isRefused() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.USER);

        ApiException e = failure(
                () -> admin.users().update(eve.user().id(), new UpdateUserRequest(null, null, "Eve One", null)));

        assertThat(e.fieldError("version")).isPresent();
    }

    @Test
    void onlyAnAdmin_mayChangeRoles() {
        UserDetails editor = createUser(admin, "eve@example.com", "Eve", Role.EDITOR);
        admin.users().setGrants(editor.user().id(), new Grants(Map.of(Module.USERS, AccessLevel.WRITE)));
        UserDetails bob = createUser(admin, "bob@example.com", "Bob", Role.USER);
        BulwarkClient eve = signIn(server, "eve@example.com");

        ApiException promote = failure(() ->
                eve.users().update(bob.user().id(), new UpdateUserRequest(bob.version(), null, null, Role.EDITOR)));
        ApiException createAdmin = failure(() -> createUser(eve, "mal@example.com", "Mal", Role.ADMIN));
        UserDetails renamed =
                eve.users().update(bob.user().id(), new UpdateUserRequest(bob.version(), null, "Bobby", null));

        assertThat(promote.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(promote.detail()).isEqualTo("Only an administrator may change roles.");
        assertThat(createAdmin.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(renamed.user().displayName()).isEqualTo("Bobby");
        assertThat(renamed.user().role()).isEqualTo(Role.USER);
    }

    @Test
    void anEditorWithUsersWrite_cannotTouchAnAdministrator() {
        UserDetails editor = createUser(admin, "eve@example.com", "Eve", Role.EDITOR);
        admin.users().setGrants(editor.user().id(), new Grants(Map.of(Module.USERS, AccessLevel.WRITE)));
        BulwarkClient eve = signIn(server, "eve@example.com");

        assertThat(failure(() -> eve.users().disable(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> eve.users().resetPassword(adminId, new PasswordResetRequest(Secret.of(PASSWORD))))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> eve.users().delete(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(admin.users().get(adminId).user().enabled()).isTrue();
    }

    @Test
    void theLastEnabledAdmin_cannotBeDisabled() {
        ApiException e = failure(() -> admin.users().disable(adminId));

        assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(e.detail())
                .isEqualTo("This is the last enabled administrator, so it cannot be disabled."
                        + " Make another user an administrator first.");
        assertThat(admin.users().get(adminId).user().enabled()).isTrue();
    }

    @Test
    void theLastEnabledAdmin_cannotBeDeleted() {
        ApiException e = failure(() -> admin.users().delete(adminId));

        assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(e.detail()).contains("cannot be deleted");
        assertThat(admin.users().get(adminId).user().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void theLastEnabledAdmin_cannotBeDemoted() {
        long version = admin.users().get(adminId).version();

        ApiException e =
                failure(() -> admin.users().update(adminId, new UpdateUserRequest(version, null, null, Role.EDITOR)));

        assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(e.detail()).contains("cannot be demoted");
        assertThat(admin.users().get(adminId).user().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void anAdmin_mayBeDisabledDemotedOrDeleted_whileAnotherEnabledAdminRemains() {
        UserDetails second = createUser(admin, "root2@example.com", "Second", Role.ADMIN);
        UserDetails third = createUser(admin, "root3@example.com", "Third", Role.ADMIN);

        admin.users().disable(second.user().id());
        UserDetails demoted = admin.users()
                .update(third.user().id(), new UpdateUserRequest(third.version(), null, null, Role.EDITOR));

        assertThat(demoted.user().role()).isEqualTo(Role.EDITOR);
        assertThat(failure(() -> admin.users().delete(adminId)).type()).isEqualTo(ProblemType.CONFLICT);
        admin.users().enable(second.user().id());
        BulwarkClient other = signIn(server, "root2@example.com");
        other.users().delete(adminId);
        assertThat(failure(() -> other.users().get(adminId)).type()).isEqualTo(ProblemType.NOT_FOUND);
    }

    @Test
    void twoAdminsDisablingEachOtherAtOnce_leaveExactlyOneEnabled() throws Exception {
        UUID secondId = createUser(admin, "root2@example.com", "Second", Role.ADMIN)
                .user()
                .id();
        for (int round = 0; round < 5; round++) {
            BulwarkClient first = IdentityFixtures.admin(server);
            BulwarkClient second = signIn(server, "root2@example.com");
            CountDownLatch go = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(2)) {
                Future<Boolean> a =
                        pool.submit(() -> succeeds(go, () -> first.users().disable(secondId)));
                Future<Boolean> b =
                        pool.submit(() -> succeeds(go, () -> second.users().disable(adminId)));
                go.countDown();

                assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(true, false);
            }
            BulwarkClient survivor = stillSignedIn(first, second);
            assertThat(survivor.users().search("", 10, null).items())
                    .filteredOn(u -> u.user().role() == Role.ADMIN && u.user().enabled())
                    .hasSize(1);
            survivor.users().enable(secondId);
            survivor.users().enable(adminId);
        }
    }

    private static BulwarkClient stillSignedIn(BulwarkClient first, BulwarkClient second) {
        try {
            first.me().get();
            return first;
        } catch (ApiException e) {
            return second;
        }
    }

    private static boolean succeeds(CountDownLatch go, Runnable call) throws InterruptedException {
        go.await();
        try {
            call.run();
            return true;
        } catch (ApiException e) {
            // refused by the rule, or already signed out when the other request won before this one arrived
            assertThat(e.type()).isIn(ProblemType.CONFLICT, ProblemType.SESSION_EXPIRED);
            return false;
        }
    }

    @Test
    void disabling_endsEverySessionOfTheUser_atTheNextRequest() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.USER);
        BulwarkClient first = signIn(server, "eve@example.com");
        BulwarkClient second = signIn(server, "eve@example.com");
        assertThat(first.me().get().email()).isEqualTo("eve@example.com");

        UserDetails disabled = admin.users().disable(eve.user().id());

        assertThat(disabled.user().enabled()).isFalse();
        assertThat(failure(() -> first.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
        assertThat(failure(() -> second.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
        assertThat(failure(() -> signIn(server, "eve@example.com")).type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        admin.users().enable(eve.user().id());
        assertThat(signIn(server, "eve@example.com").me().get().enabled()).isTrue();
    }

    @Test
    void passwordReset_forcesAChange_andEndsEverySession() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.USER);
        BulwarkClient session = signIn(server, "eve@example.com");
        String temporary = "quartz pelican umbrella 5512";

        UserDetails reset =
                admin.users().resetPassword(eve.user().id(), new PasswordResetRequest(Secret.of(temporary)));

        assertThat(reset.user().passwordChangeRequired()).isTrue();
        assertThat(failure(() -> session.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
        assertThat(failure(() -> signIn(server, "eve@example.com")).type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(signIn(server, "eve@example.com", temporary).me().get().passwordChangeRequired())
                .isTrue();
    }

    @Test
    void passwordReset_refusesAWeakPassword() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.USER);

        ApiException e = failure(() ->
                admin.users().resetPassword(eve.user().id(), new PasswordResetRequest(Secret.of("123456789012"))));

        assertThat(e.fieldError("temporaryPassword")).isPresent();
    }

    @Test
    void delete_removesTheUser_andTheirSessions() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.USER);
        BulwarkClient session = signIn(server, "eve@example.com");

        admin.users().delete(eve.user().id());

        assertThat(failure(() -> admin.users().get(eve.user().id())).type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(failure(() -> admin.users().delete(eve.user().id())).type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(failure(() -> session.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
    }

    @Test
    void withoutUsersRead_readingUsersIsForbidden_butOwnAccountStaysReadable() {
        UserDetails bob = createUser(admin, "bob@example.com", "Bob", Role.USER);
        BulwarkClient client = signIn(server, "bob@example.com");

        ApiException e = failure(() -> client.users().search("", 10, null));

        assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(e.detail()).isEqualTo("This needs READ access to USERS.");
        assertThat(failure(() -> client.users().get(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(client.me().get().id()).isEqualTo(bob.user().id());
    }

    @Test
    void withUsersReadOnly_changingUsersIsForbidden() {
        UserDetails bob = createUser(admin, "bob@example.com", "Bob", Role.EDITOR);
        admin.users().setGrants(bob.user().id(), new Grants(Map.of(Module.USERS, AccessLevel.READ)));
        BulwarkClient client = signIn(server, "bob@example.com");

        assertThat(client.users().search("", 10, null).items()).hasSize(2);
        ApiException e = failure(() -> createUser(client, "eve@example.com", "Eve", Role.USER));
        assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(e.detail()).isEqualTo("This needs WRITE access to USERS.");
        assertThat(failure(() -> client.users().disable(bob.user().id())).type())
                .isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void anOverlongSearch_isRefused() {
        assertThat(failure(() -> admin.users().search("x".repeat(201), 10, null))
                        .fieldError("q"))
                .isPresent();
    }

    @Test
    void overlongOrControlCharacterValues_areRefused() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.USER);

        ApiException e = failure(() -> admin.users()
                .update(
                        eve.user().id(),
                        new UpdateUserRequest(eve.version(), "a".repeat(250) + "@example.com", "Eve\u0000", null)));

        assertThat(e.fieldErrors()).extracting(f -> f.field()).containsExactlyInAnyOrder("email", "displayName");
        assertThat(admin.users().get(eve.user().id()).version()).isEqualTo(eve.version());
    }

    @Test
    void withoutSignIn_everyUsersCallIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/users"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("urn:bulwark:problem:not-authenticated");
    }

    @Test
    void aMalformedIdInThePath_isABadRequest_notAServerError() throws Exception {
        HttpResponse<String> response = raw("GET", "/api/v1/users/not-a-uuid", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("urn:bulwark:problem:malformed-request");
        assertThat(raw("DELETE", "/api/v1/users/" + adminId + "/sessions/123", null)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void unknownFieldsAndUnknownRoles_areRefusedWithTheField() throws Exception {
        HttpResponse<String> unknownField = raw(
                "POST",
                "/api/v1/users",
                "{\"email\":\"eve@example.com\",\"displayName\":\"Eve\",\"role\":\"USER\",\"password\":\"" + PASSWORD
                        + "\",\"isAdmin\":true}");
        HttpResponse<String> unknownRole = raw(
                "POST",
                "/api/v1/users",
                "{\"email\":\"eve@example.com\",\"displayName\":\"Eve\",\"role\":\"ROOT\",\"password\":\"" + PASSWORD
                        + "\"}");

        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("\"field\":\"isAdmin\"");
        assertThat(unknownRole.statusCode()).isEqualTo(400);
        assertThat(unknownRole.body()).contains("\"field\":\"role\"");
        assertThat(admin.users().search("eve", 10, null).items()).isEmpty();
    }

    private HttpResponse<String> raw(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header(
                        "Authorization",
                        "Bearer " + admin.session().orElseThrow().accessToken().reveal());
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> emails(UserPage page) {
        return page.items().stream().map(u -> u.user().email()).toList();
    }
}
