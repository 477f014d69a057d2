package dev.bulwark.server.user;

import static dev.bulwark.server.IdentityFixtures.createUser;
import static dev.bulwark.server.IdentityFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.auth.SessionInfo;
import dev.bulwark.model.auth.SessionList;
import dev.bulwark.model.client.BulwarkClient;
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

class SessionsIT extends AdminServerFixture {
    @Test
    void aUser_listsTheirOwnSessions_withTheCurrentOneMarked() {
        createUser(admin, "eve@example.com", "Eve", Role.USER);
        BulwarkClient laptop = signIn(server, "eve@example.com");
        BulwarkClient phone = signIn(server, "eve@example.com");

        SessionList sessions = laptop.me().sessions();

        assertThat(sessions.items()).hasSize(2);
        assertThat(sessions.items())
                .filteredOn(SessionInfo::current)
                .singleElement()
                .satisfies(s -> assertThat(s.id())
                        .isEqualTo(laptop.session().orElseThrow().sessionId()));
        assertThat(sessions.items())
                .extracting(SessionInfo::id)
                .contains(phone.session().orElseThrow().sessionId());
        assertThat(sessions.items()).allSatisfy(s -> assertThat(s.ip()).isNotBlank());
    }

    @Test
    void endingAnOwnSession_refusesItsNextRequest() {
        createUser(admin, "eve@example.com", "Eve", Role.USER);
        BulwarkClient laptop = signIn(server, "eve@example.com");
        BulwarkClient phone = signIn(server, "eve@example.com");

        laptop.me().endSession(phone.session().orElseThrow().sessionId());

        assertThat(failure(() -> phone.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
        assertThat(laptop.me().sessions().items()).hasSize(1);
    }

    @Test
    void aUser_cannotEndSomeoneElsesSessionThroughMe() {
        createUser(admin, "eve@example.com", "Eve", Role.USER);
        BulwarkClient eve = signIn(server, "eve@example.com");

        ApiException e =
                failure(() -> eve.me().endSession(admin.session().orElseThrow().sessionId()));

        assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(admin.me().get().id()).isEqualTo(adminId);
    }

    @Test
    void anAdmin_listsAndEndsAnotherUsersSessions() {
        UUID eveId =
                createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();
        BulwarkClient laptop = signIn(server, "eve@example.com");
        BulwarkClient phone = signIn(server, "eve@example.com");

        assertThat(admin.users().sessions(eveId).items()).hasSize(2).noneMatch(SessionInfo::current);
        admin.users().endSession(eveId, laptop.session().orElseThrow().sessionId());

        assertThat(failure(() -> laptop.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
        assertThat(phone.me().get().id()).isEqualTo(eveId);

        admin.users().endAllSessions(eveId);
        assertThat(failure(() -> phone.me().get()).type()).isEqualTo(ProblemType.SESSION_EXPIRED);
        assertThat(admin.users().sessions(eveId).items()).isEmpty();
    }

    @Test
    void endingAnUnknownOrForeignSession_isNotFound() {
        UUID eveId =
                createUser(admin, "eve@example.com", "Eve", Role.USER).user().id();

        assertThat(failure(() -> admin.users().endSession(eveId, UUID.randomUUID()))
                        .type())
                .isEqualTo(ProblemType.NOT_FOUND);
        assertThat(failure(() -> admin.users()
                                .endSession(eveId, admin.session().orElseThrow().sessionId()))
                        .type())
                .isEqualTo(ProblemType.NOT_FOUND);
        assertThat(admin.me().get().id()).isEqualTo(adminId);
    }

    @Test
    void othersSessions_needUsersWrite() {
        UUID eveId =
                createUser(admin, "eve@example.com", "Eve", Role.EDITOR).user().id();
        admin.users().setGrants(eveId, new Grants(Map.of(Module.USERS, AccessLevel.READ)));
        BulwarkClient eve = signIn(server, "eve@example.com");

        assertThat(failure(() -> eve.users().sessions(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> eve.users().endAllSessions(adminId)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(admin.me().get().id()).isEqualTo(adminId);
    }
}
