package dev.bulwark.server.group;

import static dev.bulwark.server.IdentityFixtures.createUser;
import static dev.bulwark.server.IdentityFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupDetails;
import dev.bulwark.model.group.GroupMember;
import dev.bulwark.model.group.UpdateGroupRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.AdminServerFixture;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GroupsIT extends AdminServerFixture {
    @Test
    void create_get_update_delete() {
        Group ops = admin.groups().create(new CreateGroupRequest("Ops", "Runs the servers"));
        admin.groups().create(new CreateGroupRequest("Auditors", null));

        assertThat(admin.groups().list().items()).extracting(Group::name).containsExactly("Auditors", "Ops");
        Group renamed = admin.groups().update(ops.id(), new UpdateGroupRequest(ops.version(), "Operations", null));
        assertThat(renamed.name()).isEqualTo("Operations");
        assertThat(renamed.description()).isEqualTo("Runs the servers");
        assertThat(renamed.version()).isEqualTo(ops.version() + 1);

        admin.groups().delete(ops.id());

        assertThat(failure(() -> admin.groups().get(ops.id())).type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(admin.groups().list().items()).extracting(Group::name).containsExactly("Auditors");
    }

    @Test
    void names_areUniqueIgnoringCase() {
        Group ops = admin.groups().create(new CreateGroupRequest("Ops", ""));
        Group other = admin.groups().create(new CreateGroupRequest("Other", ""));

        assertThat(failure(() -> admin.groups().create(new CreateGroupRequest("OPS", "")))
                        .type())
                .isEqualTo(ProblemType.CONFLICT);
        assertThat(failure(() ->
                                admin.groups().update(other.id(), new UpdateGroupRequest(other.version(), "ops", null)))
                        .type())
                .isEqualTo(ProblemType.CONFLICT);
        assertThat(admin.groups()
                        .update(ops.id(), new UpdateGroupRequest(ops.version(), "OPS", null))
                        .name())
                .isEqualTo("OPS");
    }

    @Test
    void update_withAStaleVersion_conflicts() {
        Group ops = admin.groups().create(new CreateGroupRequest("Ops", ""));
        admin.groups().update(ops.id(), new UpdateGroupRequest(ops.version(), null, "first"));

        ApiException e =
                failure(() -> admin.groups().update(ops.id(), new UpdateGroupRequest(ops.version(), null, "second")));

        assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(admin.groups().get(ops.id()).group().description()).isEqualTo("first");
    }

    @Test
    void badNamesAndDescriptions_areRefused() {
        ApiException e = failure(() -> admin.groups().create(new CreateGroupRequest(" ", "x".repeat(1001))));

        assertThat(e.fieldErrors()).extracting(f -> f.field()).containsExactlyInAnyOrder("name", "description");
        assertThat(failure(() -> admin.groups().create(new CreateGroupRequest("n".repeat(101), "")))
                        .fieldError("name"))
                .isPresent();
    }

    @Test
    void members_areAddedListedAndRemoved() {
        UUID ops = admin.groups().create(new CreateGroupRequest("Ops", "")).id();
        UUID eve = createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();
        UUID bob = createUser(admin, "bob@example.com", "Bob", Role.USER).user().id();

        admin.groups().addMember(ops, eve);
        admin.groups().addMember(ops, bob);
        GroupDetails details = admin.groups().get(ops);

        assertThat(details.members())
                .extracting(GroupMember::email)
                .containsExactly("bob@example.com", "eve@example.com");
        assertThat(details.group().memberCount()).isEqualTo(2);
        admin.groups().removeMember(ops, eve);
        assertThat(admin.groups().get(ops).members())
                .extracting(GroupMember::userId)
                .containsExactly(bob);
    }

    @Test
    void addingAMemberTwice_conflicts() {
        UUID ops = admin.groups().create(new CreateGroupRequest("Ops", "")).id();
        UUID eve = createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();
        admin.groups().addMember(ops, eve);

        ApiException e = failure(() -> admin.groups().addMember(ops, eve));

        assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(e.detail()).isEqualTo("This user is already a member of the group.");
        assertThat(admin.groups().get(ops).members()).hasSize(1);
    }

    @Test
    void removingANonMember_isNotFound() {
        UUID ops = admin.groups().create(new CreateGroupRequest("Ops", "")).id();
        UUID eve = createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();

        ApiException e = failure(() -> admin.groups().removeMember(ops, eve));

        assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(e.detail()).isEqualTo("This user is not a member of the group.");
    }

    @Test
    void addingAnUnknownUser_orToAnUnknownGroup_isNotFound() {
        UUID ops = admin.groups().create(new CreateGroupRequest("Ops", "")).id();
        UUID eve = createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();

        assertThat(failure(() -> admin.groups().addMember(ops, UUID.randomUUID()))
                        .detail())
                .isEqualTo("There is no such user.");
        assertThat(failure(() -> admin.groups().addMember(UUID.randomUUID(), eve))
                        .detail())
                .isEqualTo("There is no such group.");
    }

    @Test
    void grants_areReplacedAndShown() {
        UUID ops = admin.groups().create(new CreateGroupRequest("Ops", "")).id();

        admin.groups()
                .setGrants(ops, new Grants(Map.of(Module.VAULT, AccessLevel.WRITE, Module.AUDIT, AccessLevel.READ)));
        admin.groups().setGrants(ops, new Grants(Map.of(Module.VAULT, AccessLevel.READ)));

        assertThat(admin.groups().get(ops).grants().grants())
                .containsExactly(Map.entry(Module.VAULT, AccessLevel.READ));
    }

    @Test
    void groupsNeedGroupsRead_toRead_andGroupsWrite_toChange() {
        UUID eve =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();
        UUID ops = admin.groups().create(new CreateGroupRequest("Ops", "")).id();
        BulwarkClient client = signIn(server, "eve@example.com");

        ApiException read = failure(() -> client.groups().get(ops));
        admin.users().setGrants(eve, new Grants(Map.of(Module.GROUPS, AccessLevel.READ)));
        GroupDetails seen = client.groups().get(ops);
        ApiException write = failure(() -> client.groups().create(new CreateGroupRequest("Mine", "")));

        assertThat(read.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(read.detail()).isEqualTo("This needs READ access to GROUPS.");
        assertThat(seen.group().name()).isEqualTo("Ops");
        assertThat(write.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(write.detail()).isEqualTo("This needs WRITE access to GROUPS.");
    }

    @Test
    void deletingAUser_removesTheirMemberships() {
        UUID ops = admin.groups().create(new CreateGroupRequest("Ops", "")).id();
        UUID eve = createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();
        admin.groups().addMember(ops, eve);

        admin.users().delete(eve);

        assertThat(admin.groups().get(ops).members()).isEmpty();
    }
}
