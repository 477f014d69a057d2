package dev.bulwark.server.user;

import static dev.bulwark.server.IdentityFixtures.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupMember;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserImportReport;
import dev.bulwark.model.user.UserImportReport.Outcome;
import dev.bulwark.model.user.UserImportRequest;
import dev.bulwark.model.user.UserImportRow;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.IdentityFixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserImportIT extends AdminServerFixture {
    private static UserImportRow row(String email, String name, Role role, String... groups) {
        return new UserImportRow(email, name, role, List.of(groups));
    }

    private UserImportReport importRows(boolean dryRun, UserImportRow... rows) {
        return admin.users().importUsers(new UserImportRequest(List.of(rows), dryRun));
    }

    @Test
    void goodRowsAreCreated_badRowsAreReportedOneByOne_andNothingIsHalfDone() {
        Group ops = admin.groups().create(new CreateGroupRequest("Ops", null));
        createUser(admin, "taken@example.com", "Taken", Role.USER);

        UserImportReport report = importRows(
                false,
                row("ann@example.com", "Ann Archer", null, "ops"),
                row("bad-email", "Bob", Role.USER),
                row("taken@example.com", "Someone", Role.USER),
                row("cyd@example.com", "Cyd", Role.EDITOR, "No Such Group"),
                row("ANN@example.com", "Ann Again", Role.USER),
                row("dee@example.com", "Dee Dee", Role.EDITOR));

        assertThat(report.dryRun()).isFalse();
        assertThat(report.created()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(4);
        assertThat(report.rows())
                .extracting(UserImportReport.Row::outcome)
                .containsExactly(
                        Outcome.CREATED,
                        Outcome.FAILED,
                        Outcome.FAILED,
                        Outcome.FAILED,
                        Outcome.FAILED,
                        Outcome.CREATED);
        assertThat(report.rows().get(1).message()).isEqualTo("Email: This is not a valid email address.");
        assertThat(report.rows().get(2).message()).isEqualTo("A user with this email already exists.");
        assertThat(report.rows().get(3).message()).isEqualTo("Groups: There is no group named \"No Such Group\".");
        assertThat(report.rows().get(4).message()).isEqualTo("This email appears on an earlier row.");
        assertThat(report.rows().get(0).message()).isEqualTo("User, member of Ops; no password yet.");

        assertThat(admin.users().search("", 50, null).items().stream()
                        .map(d -> d.user().email())
                        .toList())
                .containsExactlyInAnyOrder(
                        "admin@example.com", "taken@example.com", "ann@example.com", "dee@example.com");
        assertThat(admin.groups().get(ops.id()).members())
                .extracting(GroupMember::email)
                .containsExactly("ann@example.com");
        assertThat(admin.users().get(report.rows().get(5).userId()).user().role())
                .isEqualTo(Role.EDITOR);
    }

    @Test
    void aDryRun_reportsWhatWouldHappen_andCreatesNobody() {
        UserImportReport report =
                importRows(true, row("ann@example.com", "Ann", null), row("admin@example.com", "Dup", null));

        assertThat(report.dryRun()).isTrue();
        assertThat(report.rows())
                .extracting(UserImportReport.Row::outcome)
                .containsExactly(Outcome.WOULD_CREATE, Outcome.FAILED);
        assertThat(admin.users().search("ann", 10, null).items()).isEmpty();
    }

    @Test
    void anImportedUser_hasNoPasswordUntilOneIsReset() {
        importRows(false, row("ann@example.com", "Ann", null));

        var e = failure(() ->
                new BulwarkClient(server.baseUri()).auth().login(new LoginRequest("ann@example.com", Secret.of(""))));
        var wrong = failure(() -> new BulwarkClient(server.baseUri())
                .auth()
                .login(new LoginRequest("ann@example.com", Secret.of(IdentityFixtures.PASSWORD))));

        assertThat(e.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(wrong.type()).isEqualTo(ProblemType.INVALID_CREDENTIALS);
    }

    @Test
    void eachCreatedUserAndMembershipIsAudited_asAnImport() {
        Group ops = admin.groups().create(new CreateGroupRequest("Ops", null));
        UserImportReport report = importRows(false, row("ann@example.com", "Ann", null, "Ops"));

        List<AuditEvent> events = admin.audit()
                .events(new AuditQuery(null, null, null, null, null, null, null, null, null, 10, null))
                .events();
        assertThat(events)
                .filteredOn(e -> "Imported".equals(e.reason()))
                .extracting(AuditEvent::action, AuditEvent::targetId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "group.member.add", ops.id().toString()),
                        org.assertj.core.groups.Tuple.tuple(
                                "user.create", report.rows().getFirst().userId().toString()));
    }

    @Test
    void anEditor_cannotImportAdministrators_norIntoGroupsWithoutGroupsWrite() {
        createUser(admin, "ed@example.com", "Ed", Role.EDITOR);
        var ed = admin.users().search("ed@", 1, null).items().getFirst().user().id();
        admin.users().setGrants(ed, new Grants(Map.of(Module.USERS, AccessLevel.WRITE)));
        admin.groups().create(new CreateGroupRequest("Ops", null));
        BulwarkClient editor = IdentityFixtures.signIn(server, "ed@example.com");

        UserImportReport report = editor.users()
                .importUsers(new UserImportRequest(
                        List.of(
                                row("boss@example.com", "Boss", Role.ADMIN),
                                row("ann@example.com", "Ann", null, "Ops"),
                                row("cyd@example.com", "Cyd", null)),
                        false));

        assertThat(report.rows())
                .extracting(UserImportReport.Row::outcome)
                .containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.CREATED);
        assertThat(report.rows().get(0).message()).contains("Only an administrator may create an administrator");
    }

    @Test
    void aUserWithoutUsersWrite_isRefused_andTooManyOrNoRowsAreFieldErrors() {
        createUser(admin, "u@example.com", "U", Role.USER);
        BulwarkClient user = IdentityFixtures.signIn(server, "u@example.com");
        List<UserImportRow> tooMany =
                new ArrayList<>(Collections.nCopies(UserImportService.MAX_ROWS + 1, row("x@example.com", "X", null)));

        assertThat(failure(() -> user.users()
                                .importUsers(new UserImportRequest(List.of(row("a@example.com", "A", null)), false)))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> admin.users().importUsers(new UserImportRequest(List.of(), false)))
                        .fieldError("rows"))
                .contains("Send at least one user.");
        assertThat(failure(() -> admin.users().importUsers(new UserImportRequest(tooMany, false)))
                        .fieldError("rows"))
                .contains("Import at most 1000 users at a time.");
    }
}
