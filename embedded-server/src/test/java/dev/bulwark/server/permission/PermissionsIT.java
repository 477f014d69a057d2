package dev.bulwark.server.permission;

import static dev.bulwark.model.permission.AccessLevel.NONE;
import static dev.bulwark.model.permission.AccessLevel.READ;
import static dev.bulwark.model.permission.AccessLevel.WRITE;
import static dev.bulwark.server.IdentityFixtures.createUser;
import static dev.bulwark.server.IdentityFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.permission.PermissionReason;
import dev.bulwark.model.permission.PermissionReason.Kind;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.server.AdminServerFixture;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PermissionsIT extends AdminServerFixture {
    private UUID group(String name, Map<Module, dev.bulwark.model.permission.AccessLevel> grants) {
        UUID id = admin.groups().create(new CreateGroupRequest(name, "")).id();
        admin.groups().setGrants(id, new Grants(grants));
        return id;
    }

    @Test
    void anAdmin_hasWriteEverywhere() {
        EffectivePermissions p = admin.users().effectivePermissions(adminId);

        assertThat(p.role()).isEqualTo(Role.ADMIN);
        assertThat(p.modules()).hasSize(5).allSatisfy(m -> assertThat(m.level()).isEqualTo(WRITE));
    }

    @Test
    void anEditor_getsTheHighestOfDirectAndGroupGrants_andTheReasons() {
        UUID eve =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();
        admin.users().setGrants(eve, new Grants(Map.of(Module.VAULT, READ, Module.AUDIT, READ)));
        UUID ops = group("Ops", Map.of(Module.VAULT, WRITE));
        UUID readers = group("Readers", Map.of(Module.VAULT, READ, Module.GROUPS, READ));
        admin.groups().addMember(ops, eve);
        admin.groups().addMember(readers, eve);

        EffectivePermissions p = admin.users().effectivePermissions(eve);

        assertThat(p.levelOf(Module.VAULT)).isEqualTo(WRITE);
        assertThat(p.levelOf(Module.AUDIT)).isEqualTo(READ);
        assertThat(p.levelOf(Module.GROUPS)).isEqualTo(READ);
        assertThat(p.levelOf(Module.USERS)).isEqualTo(NONE);
        assertThat(p.levelOf(Module.SETTINGS)).isEqualTo(NONE);
        assertThat(p.of(Module.VAULT).reasons())
                .extracting(PermissionReason::kind, PermissionReason::level, PermissionReason::groupName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.DIRECT_GRANT, READ, null),
                        org.assertj.core.groups.Tuple.tuple(Kind.GROUP_GRANT, WRITE, "Ops"),
                        org.assertj.core.groups.Tuple.tuple(Kind.GROUP_GRANT, READ, "Readers"));
        assertThat(p.of(Module.VAULT).reasons().get(1).groupId()).isEqualTo(ops);
    }

    @Test
    void aUser_isCappedAtRead_andTheExplanationSaysSo() {
        UUID bob = createUser(admin, "bob@example.com", "Bob", Role.USER).user().id();
        admin.users().setGrants(bob, new Grants(Map.of(Module.AUDIT, WRITE)));
        admin.groups().addMember(group("Ops", Map.of(Module.VAULT, WRITE)), bob);

        EffectivePermissions p = admin.users().effectivePermissions(bob);

        assertThat(p.levelOf(Module.AUDIT)).isEqualTo(READ);
        assertThat(p.levelOf(Module.VAULT)).isEqualTo(READ);
        assertThat(p.of(Module.VAULT).reasons())
                .extracting(PermissionReason::kind)
                .containsExactly(Kind.GROUP_GRANT, Kind.ROLE_CAP);
    }

    @Test
    void everyUser_mayReadTheirOwnPermissions_butNotOthers() {
        UUID bob = createUser(admin, "bob@example.com", "Bob", Role.USER).user().id();
        BulwarkClient client = signIn(server, "bob@example.com");

        assertThat(client.users().effectivePermissions(bob).userId()).isEqualTo(bob);
        assertThat(failure(() -> client.users().effectivePermissions(adminId)).type())
                .isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void aGrantChange_isSeenByTheVeryNextRequest() {
        UUID eve =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();
        BulwarkClient client = signIn(server, "eve@example.com");
        assertThat(failure(() -> client.groups().list()).type()).isEqualTo(ProblemType.FORBIDDEN);

        admin.users().setGrants(eve, new Grants(Map.of(Module.GROUPS, READ)));
        assertThat(client.groups().list().items()).isEmpty();

        admin.users().setGrants(eve, new Grants(Map.of()));
        assertThat(failure(() -> client.groups().list()).type()).isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void aMembershipOrGroupGrantChange_isSeenByTheVeryNextRequest() {
        UUID eve =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();
        UUID viewers = group("Viewers", Map.of(Module.USERS, READ));
        BulwarkClient client = signIn(server, "eve@example.com");
        assertThat(failure(() -> client.users().get(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);

        admin.groups().addMember(viewers, eve);
        assertThat(client.users().get(adminId).user().id()).isEqualTo(adminId);

        admin.groups().setGrants(viewers, new Grants(Map.of(Module.VAULT, READ)));
        assertThat(failure(() -> client.users().get(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);

        admin.groups().setGrants(viewers, new Grants(Map.of(Module.USERS, READ)));
        assertThat(client.users().get(adminId).user().id()).isEqualTo(adminId);

        admin.groups().removeMember(viewers, eve);
        assertThat(failure(() -> client.users().get(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);

        admin.groups().addMember(viewers, eve);
        admin.groups().delete(viewers);
        assertThat(failure(() -> client.users().get(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void aRoleChange_isSeenByTheVeryNextRequest() {
        UserDetails eve = createUser(admin, "eve@example.com", "Eve", Role.EDITOR);
        admin.users().setGrants(eve.user().id(), new Grants(Map.of(Module.USERS, WRITE)));
        BulwarkClient client = signIn(server, "eve@example.com");
        assertThat(client.users().effectivePermissions(eve.user().id()).levelOf(Module.USERS))
                .isEqualTo(WRITE);

        long version = admin.users().get(eve.user().id()).version();
        admin.users().update(eve.user().id(), new UpdateUserRequest(version, null, null, Role.USER));

        assertThat(client.users().effectivePermissions(eve.user().id()).levelOf(Module.USERS))
                .isEqualTo(READ);
        assertThat(failure(() -> createUser(client, "mal@example.com", "Mal", Role.USER))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void nobody_canGrantMoreThanTheyHold() {
        UUID eve =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();
        admin.users().setGrants(eve, new Grants(Map.of(Module.USERS, WRITE, Module.GROUPS, WRITE)));
        UUID vaultAdmins = group("Vault admins", Map.of(Module.VAULT, WRITE));
        BulwarkClient client = signIn(server, "eve@example.com");

        ApiException direct = failure(() -> client.users().setGrants(eve, new Grants(Map.of(Module.VAULT, WRITE))));
        ApiException join = failure(() -> client.groups().addMember(vaultAdmins, eve));

        assertThat(direct.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(direct.detail()).contains("you do not have it yourself");
        assertThat(join.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(admin.users().effectivePermissions(eve).levelOf(Module.VAULT))
                .isEqualTo(NONE);
    }

    @Test
    void grants_withAnUnknownModuleOrLevel_areRefused() throws Exception {
        UUID eve =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();

        HttpResponse<String> module = putGrants(eve, "{\"grants\":{\"PAYROLL\":\"READ\"}}");
        HttpResponse<String> level = putGrants(eve, "{\"grants\":{\"VAULT\":\"OWNER\"}}");
        HttpResponse<String> missing = putGrants(eve, "{\"grants\":{\"VAULT\":null}}");

        assertThat(module.statusCode()).isEqualTo(400);
        assertThat(level.statusCode()).isEqualTo(400);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(level.body()).contains("urn:bulwark:problem:validation-failed");
        assertThat(admin.users().grants(eve).grants()).isEmpty();
    }

    @Test
    void grantsOfNone_areDropped() {
        UUID eve =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();

        Grants stored = admin.users().setGrants(eve, new Grants(Map.of(Module.VAULT, NONE, Module.AUDIT, READ)));

        assertThat(stored.grants()).containsExactly(Map.entry(Module.AUDIT, READ));
        assertThat(admin.users().grants(eve)).isEqualTo(stored);
    }

    private HttpResponse<String> putGrants(UUID user, String json) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/users/" + user + "/grants"))
                                .header(
                                        "Authorization",
                                        "Bearer "
                                                + admin.session()
                                                        .orElseThrow()
                                                        .accessToken()
                                                        .reveal())
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
