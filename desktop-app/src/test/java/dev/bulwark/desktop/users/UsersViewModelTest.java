package dev.bulwark.desktop.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.ApiToken;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.token.CreatedApiToken;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.UserDetails;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersViewModelTest {
    @TempDir
    Path dataDirectory;

    private final SameThreadRunner runner = new SameThreadRunner();
    private TestServer server;
    private ServerConnection connection;
    private UsersViewModel viewModel;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        viewModel = new UsersViewModel(
                runner, connection, connection.client().session().orElseThrow().user());
        viewModel.reload();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private UserDetails existing(String email, String name, Role role) {
        return connection
                .client()
                .users()
                .create(new CreateUserRequest(email, name, role, Secret.of(TestServer.OTHER_PASSWORD), false));
    }

    private UserDetails row(String email) {
        return viewModel.users().stream()
                .filter(user -> user.user().email().equals(email))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void reload_listsTheAdministrator() {
        assertThat(viewModel.users()).extracting(user -> user.user().email()).containsExactly(TestServer.ADMIN_EMAIL);
        assertThat(viewModel.createBlockedProperty().get()).isEmpty();
        assertThat(viewModel.hasMoreProperty().get()).isFalse();
    }

    @Test
    void lists_areTheSameObjectsOnEveryCall_soViewListenersStayAttached() {
        assertThat(viewModel.users()).isSameAs(viewModel.users());
        assertThat(viewModel.permissions()).isSameAs(viewModel.permissions());
        assertThat(viewModel.sessions()).isSameAs(viewModel.sessions());
        assertThat(viewModel.tokens()).isSameAs(viewModel.tokens());
        assertThat(viewModel.groups()).isSameAs(viewModel.groups());
    }

    @Test
    void addToGroup_withoutAnyGroup_saysWhereToCreateOne() {
        viewModel.loadGroups(() -> {
            throw new AssertionError("no group to choose");
        });

        assertThat(viewModel.problemProperty().get()).isEqualTo(UsersViewModel.NO_GROUPS);
    }

    @Test
    void create_addsAndSelectsTheUser_whoMustChangeThePassword() {
        UserFormViewModel form = viewModel.newUserForm();
        form.emailProperty().set("grace@example.com");
        form.displayNameProperty().set("Grace Hopper");
        form.roleProperty().set(Role.EDITOR);
        form.passwordProperty().set(TestServer.OTHER_PASSWORD);

        form.save();

        assertThat(form.problemProperty().get()).isEmpty();
        assertThat(form.doneProperty().get()).isTrue();
        UserDetails grace = row("grace@example.com");
        assertThat(grace.user().role()).isEqualTo(Role.EDITOR);
        assertThat(grace.user().passwordChangeRequired()).isTrue();
        assertThat(viewModel.selectedProperty().get()).isEqualTo(grace);
        assertThat(viewModel.permissions()).hasSize(Module.values().length);
    }

    @Test
    void create_checksTheFieldsBeforeSending() {
        UserFormViewModel form = viewModel.newUserForm();
        form.emailProperty().set("not-an-email");
        form.passwordProperty().set("short");

        form.save();

        assertThat(form.emailErrorProperty().get()).isEqualTo("Enter an email address like name@example.com.");
        assertThat(form.displayNameErrorProperty().get()).isEqualTo(UserFormViewModel.ENTER_NAME);
        assertThat(form.passwordErrorProperty().get()).isEqualTo("Use at least 12 characters.");
        assertThat(form.doneProperty().get()).isFalse();
        assertThat(viewModel.users()).hasSize(1);
    }

    @Test
    void create_withACommonPassword_showsTheServersReasonNextToIt() {
        UserFormViewModel form = viewModel.newUserForm();
        form.emailProperty().set("grace@example.com");
        form.displayNameProperty().set("Grace Hopper");
        form.passwordProperty().set("password1234");

        form.save();

        assertThat(form.passwordErrorProperty().get()).isNotEmpty();
        assertThat(form.problemProperty().get()).isEqualTo("Check the highlighted fields.");
        assertThat(form.doneProperty().get()).isFalse();
    }

    @Test
    void search_asksTheServer_andLoadMoreFollowsTheCursor() {
        for (int i = 0; i < UsersViewModel.PAGE_SIZE; i++) {
            existing("member" + (100 + i) + "@example.com", "Member " + i, Role.USER);
        }
        viewModel.search();
        assertThat(viewModel.users()).hasSize(UsersViewModel.PAGE_SIZE);
        assertThat(viewModel.hasMoreProperty().get()).isTrue();

        viewModel.loadMore();
        assertThat(viewModel.users()).hasSize(UsersViewModel.PAGE_SIZE + 1);
        assertThat(viewModel.hasMoreProperty().get()).isFalse();

        viewModel.queryProperty().set("member149");
        viewModel.search();
        assertThat(viewModel.users()).extracting(user -> user.user().email()).containsExactly("member149@example.com");
    }

    @Test
    void edit_changesTheRoleWithTheVersionRead() {
        existing("grace@example.com", "Grace Hopper", Role.USER);
        viewModel.search();
        viewModel.select(row("grace@example.com"));

        UserFormViewModel form = viewModel.editForm();
        assertThat(form.isRoleEditable()).isTrue();
        form.roleProperty().set(Role.EDITOR);
        form.save();

        assertThat(form.doneProperty().get()).isTrue();
        assertThat(row("grace@example.com").user().role()).isEqualTo(Role.EDITOR);
        assertThat(viewModel.selectedProperty().get().user().role()).isEqualTo(Role.EDITOR);
    }

    @Test
    void edit_afterSomeoneElseChangedTheUser_saysSoAndChangesNothing() {
        UserDetails grace = existing("grace@example.com", "Grace Hopper", Role.USER);
        viewModel.search();
        viewModel.select(row("grace@example.com"));
        UserFormViewModel form = viewModel.editForm();
        connection
                .client()
                .users()
                .update(grace.user().id(), new UpdateUserRequest(grace.version(), null, "Rear Admiral Hopper", null));

        form.displayNameProperty().set("Grace B. Hopper");
        form.save();

        assertThat(form.problemProperty().get()).startsWith("Someone else changed this user");
        assertThat(form.doneProperty().get()).isFalse();
        assertThat(connection.client().users().get(grace.user().id()).user().displayName())
                .isEqualTo("Rear Admiral Hopper");
    }

    @Test
    void disable_thenEnable_showsTheStatus() {
        existing("grace@example.com", "Grace Hopper", Role.USER);
        viewModel.search();
        viewModel.select(row("grace@example.com"));

        viewModel.toggleEnabled();
        assertThat(row("grace@example.com").user().enabled()).isFalse();
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Grace Hopper was disabled.");

        viewModel.toggleEnabled();
        assertThat(row("grace@example.com").user().enabled()).isTrue();
    }

    @Test
    void aLockedUser_showsUntilWhen_andUnlockLetsThemSignInAgain() {
        existing("grace@example.com", "Grace Hopper", Role.USER);
        BulwarkClient grace = new BulwarkClient(connection.client().baseUri());
        for (int i = 0; i < 10; i++) {
            int attempt = i;
            assertThatThrownBy(() -> grace.auth()
                            .login(new LoginRequest("grace@example.com", Secret.of("wrong guess " + attempt))))
                    .isInstanceOf(ApiException.class);
        }
        viewModel.search();
        viewModel.select(row("grace@example.com"));
        assertThat(UsersViewModel.lock(viewModel.selectedProperty().get()))
                .matches("Locked until \\d\\d:\\d\\d from new addresses");

        viewModel.unlockSelected();

        assertThat(UsersViewModel.lock(viewModel.selectedProperty().get())).isEmpty();
        assertThat(UsersViewModel.lock(row("grace@example.com"))).isEmpty();
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Grace Hopper was unlocked and can sign in again.");
        grace.auth().login(new LoginRequest("grace@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        assertThat(grace.session()).isPresent();
    }

    @Test
    void aUserWhoIsNotLocked_showsNoLock() {
        assertThat(UsersViewModel.lock(row(TestServer.ADMIN_EMAIL))).isEmpty();
    }

    @Test
    void disablingTheLastAdministrator_showsTheServersSentence() {
        viewModel.select(row(TestServer.ADMIN_EMAIL));

        viewModel.toggleEnabled();

        assertThat(viewModel.problemProperty().get())
                .isEqualTo("This is the last enabled administrator, so it cannot be disabled."
                        + " Make another user an administrator first.");
        assertThat(row(TestServer.ADMIN_EMAIL).user().enabled()).isTrue();
    }

    @Test
    void bulkDisable_changesTheOthersAndReportsTheRefusal() {
        existing("grace@example.com", "Grace Hopper", Role.USER);
        existing("alan@example.com", "Alan Turing", Role.USER);
        viewModel.search();

        viewModel.setEnabled(List.copyOf(viewModel.users()), false);

        assertThat(row("grace@example.com").user().enabled()).isFalse();
        assertThat(row("alan@example.com").user().enabled()).isFalse();
        assertThat(row(TestServer.ADMIN_EMAIL).user().enabled()).isTrue();
        assertThat(viewModel.noticeProperty().get()).isEqualTo("2 users disabled.");
        assertThat(viewModel.problemProperty().get())
                .startsWith("1 of 3 not changed. " + TestServer.ADMIN_EMAIL + ": This is the last enabled");
    }

    @Test
    void effectivePermissions_showTheGroupAsTheReason() {
        UserDetails grace = existing("grace@example.com", "Grace Hopper", Role.EDITOR);
        Group auditors = connection.client().groups().create(new CreateGroupRequest("Auditors", "Read the trail"));
        connection.client().groups().setGrants(auditors.id(), new Grants(Map.of(Module.AUDIT, AccessLevel.READ)));
        viewModel.search();
        viewModel.loadGroups(() -> {});

        viewModel.addToGroup(
                List.of(row("grace@example.com")), viewModel.groups().getFirst());
        viewModel.select(row("grace@example.com"));

        assertThat(viewModel.noticeProperty().get()).isEqualTo("1 user added to Auditors.");
        assertThat(connection.client().groups().get(auditors.id()).members())
                .extracting(member -> member.userId())
                .containsExactly(grace.user().id());
        PermissionRow audit = viewModel.permissions().stream()
                .filter(permission -> permission.module().equals("Audit"))
                .findFirst()
                .orElseThrow();
        assertThat(audit.level()).isEqualTo("Read");
        assertThat(audit.reasons()).contains("Auditors");
    }

    @Test
    void resetPassword_forcesAChangeAtNextSignIn() {
        existing("grace@example.com", "Grace Hopper", Role.USER);
        viewModel.search();
        viewModel.select(row("grace@example.com"));

        PasswordResetViewModel reset = viewModel.passwordResetForm();
        reset.temporaryPasswordProperty().set("Temporary-quartz-58-river");
        reset.reset();

        assertThat(reset.doneProperty().get()).isTrue();
        assertThat(row("grace@example.com").user().passwordChangeRequired()).isTrue();
    }

    @Test
    void delete_removesTheUser() {
        existing("grace@example.com", "Grace Hopper", Role.USER);
        viewModel.search();
        viewModel.select(row("grace@example.com"));
        assertThat(viewModel.deleteQuestion())
                .isEqualTo("Delete Grace Hopper (grace@example.com)? This cannot be undone.");

        viewModel.deleteSelected();

        assertThat(viewModel.users()).extracting(user -> user.user().email()).containsExactly(TestServer.ADMIN_EMAIL);
        assertThat(viewModel.selectedProperty().get()).isNull();
    }

    @Test
    void endAllSessions_endsTheUsersSessions() {
        existing("grace@example.com", "Grace Hopper", Role.USER);
        ServerConnection graces = server.connect();
        graces.client().auth().login(new LoginRequest("grace@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        viewModel.search();
        viewModel.select(row("grace@example.com"));
        assertThat(viewModel.sessions()).hasSize(1);

        viewModel.endAllSessions();

        assertThat(viewModel.sessions()).isEmpty();
        assertThat(viewModel.problemProperty().get()).isEmpty();
    }

    @Test
    void theSelectedUsersApiTokens_areListed_andRevokingOneStopsIt() {
        existing("grace@example.com", "Grace Hopper", Role.USER);
        ServerConnection graces = server.connect();
        graces.client().auth().login(new LoginRequest("grace@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        CreatedApiToken created = graces.client().me().tokens().create(CreateApiTokenRequest.named("backup job"));
        viewModel.search();
        viewModel.select(row("grace@example.com"));
        assertThat(viewModel.tokens()).extracting(ApiToken::name).containsExactly("backup job");
        assertThat(viewModel.revokeTokenQuestion(viewModel.tokens().getFirst())).contains("backup job", "Grace Hopper");

        viewModel.revokeToken(viewModel.tokens().getFirst());

        assertThat(viewModel.tokens()).isEmpty();
        assertThat(viewModel.noticeProperty().get()).contains("backup job");
        assertThat(graces.client().me().tokens().list().items()).isEmpty();
        assertThat(catchThrowableOfType(ApiException.class, () -> BulwarkClient.withApiToken(
                                        connection.client().baseUri(), created.value())
                                .me()
                                .get())
                        .type())
                .isEqualTo(ProblemType.NOT_AUTHENTICATED);
    }

    @Test
    void anEditorWhoMayOnlyRead_seesWhyActionsAreDisabled() {
        UserDetails reader = existing("reader@example.com", "Reader", Role.EDITOR);
        connection.client().users().setGrants(reader.user().id(), new Grants(Map.of(Module.USERS, AccessLevel.READ)));
        ServerConnection readers = server.connect();
        readers.client().auth().login(new LoginRequest("reader@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        UsersViewModel readerView = new UsersViewModel(
                runner, readers, readers.client().session().orElseThrow().user());

        readerView.reload();
        readerView.select(readerView.users().getFirst());

        assertThat(readerView.users()).hasSize(2);
        assertThat(readerView.createBlockedProperty().get()).isEqualTo(UsersViewModel.NEEDS_USERS_WRITE);
        assertThat(readerView.manageBlockedProperty().get()).isEqualTo(UsersViewModel.NEEDS_USERS_WRITE);
        assertThat(readerView.addToGroupBlockedProperty().get()).isEqualTo(UsersViewModel.NEEDS_GROUPS_WRITE);
    }

    @Test
    void anEditorWhoMayOnlyRead_seesAUsersPermissionsAndApiTokens_withoutADenial() {
        UserDetails reader = existing("reader@example.com", "Reader", Role.EDITOR);
        connection.client().users().setGrants(reader.user().id(), new Grants(Map.of(Module.USERS, AccessLevel.READ)));
        connection.client().me().tokens().create(CreateApiTokenRequest.named("admin script"));
        ServerConnection readers = server.connect();
        readers.client().auth().login(new LoginRequest("reader@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        UsersViewModel readerView = new UsersViewModel(
                runner, readers, readers.client().session().orElseThrow().user());
        readerView.reload();

        readerView.select(readerView.users().stream()
                .filter(user -> user.user().email().equals(TestServer.ADMIN_EMAIL))
                .findFirst()
                .orElseThrow());

        assertThat(readerView.problemProperty().get()).isEmpty();
        assertThat(readerView.permissions()).isNotEmpty();
        assertThat(readerView.tokens()).extracting(ApiToken::name).containsExactly("admin script");
        assertThat(readerView.sessions()).isEmpty();
    }

    @Test
    void aUserWithoutUsersRead_cannotSeeAnotherUsersTokens() {
        existing("plain@example.com", "Plain", Role.USER);
        ServerConnection plains = server.connect();
        plains.client().auth().login(new LoginRequest("plain@example.com", Secret.of(TestServer.OTHER_PASSWORD)));

        ApiException refused = catchThrowableOfType(ApiException.class, () -> plains.client()
                .users()
                .tokens(connection.client().session().orElseThrow().user().id()));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
    }
}
