package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Changes to users, groups, grants and sessions, and every permission denial, reach the audit trail. */
class IdentityAuditIT extends AdminServerFixture {
    private List<AuditEvent> events(String action) {
        return admin.audit()
                .events(new AuditQuery(null, null, null, action, null, null, null, null, null, null, null))
                .events();
    }

    @Test
    void userCreation_isRecordedWithItsFieldsAndNeverThePassword() {
        UserDetails created = IdentityFixtures.createUser(admin, "rita@example.com", "Rita", Role.EDITOR);

        AuditEvent event = events("user.create").getFirst();
        assertThat(event.targetId()).isEqualTo(created.user().id().toString());
        assertThat(event.actor().email()).isEqualTo(TestServers.ADMIN_EMAIL);
        assertThat(event.diff()).containsEntry("email", new AuditChange(null, "rita@example.com"));
        assertThat(event.diff()).containsEntry("role", new AuditChange(null, "EDITOR"));
        assertThat(event.toString()).doesNotContain(IdentityFixtures.PASSWORD);
    }

    @Test
    void disablingAUser_isRecordedWithTheOldAndNewValue() {
        UserDetails created = IdentityFixtures.createUser(admin, "dan@example.com", "Dan", Role.USER);

        admin.users().disable(created.user().id());

        AuditEvent event = events("user.disable").getFirst();
        assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(event.diff()).containsEntry("enabled", new AuditChange("true", "false"));
    }

    @Test
    void groupMembershipAndGrants_areRecorded() {
        UserDetails member = IdentityFixtures.createUser(admin, "gil@example.com", "Gil", Role.EDITOR);
        var group = admin.groups().create(new CreateGroupRequest("Auditors", "Security officers"));

        admin.groups().addMember(group.id(), member.user().id());
        admin.groups().setGrants(group.id(), new Grants(Map.of(Module.AUDIT, AccessLevel.READ)));

        assertThat(events("group.create")).hasSize(1);
        assertThat(events("group.member.add").getFirst().diff())
                .containsEntry(
                        "member", new AuditChange(null, member.user().id().toString()));
        assertThat(events("group.grants.update").getFirst().diff().get("grants").after())
                .contains("AUDIT=READ");
    }

    @Test
    void deniedRequest_isRecordedWithTheModuleItNeeded() {
        IdentityFixtures.createUser(admin, "uri@example.com", "Uri", Role.USER);
        BulwarkClient user = IdentityFixtures.signIn(server, "uri@example.com");

        ApiException e = catchThrowableOfType(ApiException.class, () -> user.users()
                .create(new dev.bulwark.model.user.CreateUserRequest(
                        "x@example.com",
                        "X",
                        Role.USER,
                        dev.bulwark.model.Secret.of(IdentityFixtures.PASSWORD),
                        null)));

        assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN);
        AuditEvent denial = events("permission.denied").getFirst();
        assertThat(denial.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(denial.actor().email()).isEqualTo("uri@example.com");
        assertThat(denial.targetId()).isEqualTo("USERS");
    }

    @Test
    void securityOfficerWithOnlyAuditRead_canReviewAndVerifyTheTrail() {
        UserDetails officer = IdentityFixtures.createUser(admin, "sofia@example.com", "Sofia", Role.USER);
        admin.users().setGrants(officer.user().id(), new Grants(Map.of(Module.AUDIT, AccessLevel.READ)));
        BulwarkClient sofia = IdentityFixtures.signIn(server, "sofia@example.com");

        assertThat(sofia.audit().events(AuditQuery.all()).events()).isNotEmpty();
        assertThat(sofia.audit().verify().intact()).isTrue();
        ApiException e =
                catchThrowableOfType(ApiException.class, () -> sofia.users().search("", 10, null));
        assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void theChainStaysIntactAcrossIdentityChanges() {
        for (int i = 0; i < 5; i++) {
            IdentityFixtures.createUser(admin, "bulk" + i + "@example.com", "Bulk " + i, Role.USER);
        }

        assertThat(admin.audit().verify().intact()).isTrue();
    }
}
