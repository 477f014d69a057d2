package dev.bulwark.desktop.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupsViewModelTest {
    @TempDir
    Path dataDirectory;

    private final SameThreadRunner runner = new SameThreadRunner();
    private TestServer server;
    private ServerConnection connection;
    private GroupsViewModel viewModel;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        viewModel = new GroupsViewModel(
                runner, connection, connection.client().session().orElseThrow().user());
        viewModel.reload();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void createGroup(String name, String description) {
        GroupFormViewModel form = viewModel.newGroupForm();
        form.nameProperty().set(name);
        form.descriptionProperty().set(description);
        form.save();
        assertThat(form.doneProperty().get()).isTrue();
    }

    @Test
    void create_listsAndSelectsTheGroup() {
        createGroup("Auditors", "People who review the trail");

        assertThat(viewModel.groups()).extracting(group -> group.name()).containsExactly("Auditors");
        assertThat(viewModel.selectedProperty().get().group().description()).isEqualTo("People who review the trail");
        assertThat(viewModel.grantProperty(Module.AUDIT).get()).isEqualTo(AccessLevel.NONE);
        assertThat(viewModel.saveGrantsBlockedProperty().get()).isEqualTo("Change a level first.");
    }

    @Test
    void lists_areTheSameObjectsOnEveryCall_soViewListenersStayAttached() {
        assertThat(viewModel.groups()).isSameAs(viewModel.groups());
        assertThat(viewModel.members()).isSameAs(viewModel.members());
        assertThat(viewModel.candidates()).isSameAs(viewModel.candidates());
    }

    @Test
    void create_withoutAName_asksForOne() {
        GroupFormViewModel form = viewModel.newGroupForm();

        form.save();

        assertThat(form.nameErrorProperty().get()).isEqualTo(GroupFormViewModel.ENTER_NAME);
        assertThat(viewModel.groups()).isEmpty();
    }

    @Test
    void saveGrants_sendsTheWholeMatrix() {
        createGroup("Auditors", "");

        viewModel.grantProperty(Module.AUDIT).set(AccessLevel.READ);
        viewModel.grantProperty(Module.VAULT).set(AccessLevel.WRITE);
        assertThat(viewModel.grantsChangedProperty().get()).isTrue();
        viewModel.saveGrants();

        assertThat(viewModel.grantsChangedProperty().get()).isFalse();
        assertThat(connection
                        .client()
                        .groups()
                        .get(viewModel.selectedProperty().get().group().id())
                        .grants()
                        .grants())
                .isEqualTo(Map.of(Module.AUDIT, AccessLevel.READ, Module.VAULT, AccessLevel.WRITE));
    }

    @Test
    void members_canBeFoundAddedAndRemoved() {
        connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "grace@example.com", "Grace Hopper", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), false));
        createGroup("Auditors", "");

        viewModel.memberQueryProperty().set("grace");
        viewModel.searchCandidates();
        assertThat(viewModel.candidates())
                .extracting(user -> user.user().email())
                .containsExactly("grace@example.com");
        UserDetails grace = viewModel.candidates().getFirst();

        viewModel.addMember(grace);
        assertThat(viewModel.members()).extracting(member -> member.email()).containsExactly("grace@example.com");
        assertThat(viewModel.groups().getFirst().memberCount()).isEqualTo(1);

        viewModel.removeMember(viewModel.members().getFirst());
        assertThat(viewModel.members()).isEmpty();
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Grace Hopper was removed from Auditors.");
    }

    @Test
    void rename_thenDelete() {
        createGroup("Auditors", "");

        GroupFormViewModel form = viewModel.editForm();
        form.nameProperty().set("Reviewers");
        form.save();
        assertThat(viewModel.groups()).extracting(group -> group.name()).containsExactly("Reviewers");
        assertThat(viewModel.deleteQuestion()).startsWith("Delete the group Reviewers?");

        viewModel.deleteSelected();
        assertThat(viewModel.groups()).isEmpty();
        assertThat(viewModel.selectedProperty().get()).isNull();
    }

    @Test
    void aReader_seesGroupsButMayNotChangeThem() {
        createGroup("Auditors", "");
        UserDetails reader = connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "reader@example.com", "Reader", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), false));
        connection.client().users().setGrants(reader.user().id(), new Grants(Map.of(Module.GROUPS, AccessLevel.READ)));
        ServerConnection readers = server.connect();
        readers.client().auth().login(new LoginRequest("reader@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        GroupsViewModel readerView = new GroupsViewModel(
                runner, readers, readers.client().session().orElseThrow().user());

        readerView.reload();
        readerView.select(readerView.groups().getFirst());

        assertThat(readerView.selectedProperty().get().group().name()).isEqualTo("Auditors");
        assertThat(readerView.createBlockedProperty().get()).isEqualTo(GroupsViewModel.NEEDS_GROUPS_WRITE);
        assertThat(readerView.changeBlockedProperty().get()).isEqualTo(GroupsViewModel.NEEDS_GROUPS_WRITE);
        assertThat(readerView.grantBlocked(Module.AUDIT, AccessLevel.READ).get())
                .isEqualTo(GroupsViewModel.NEEDS_GROUPS_WRITE);
    }

    @Test
    void anEditor_mayOnlyGrantLevelsTheyHold() {
        createGroup("Auditors", "");
        UserDetails editor = connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "editor@example.com", "Editor", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), false));
        connection
                .client()
                .users()
                .setGrants(
                        editor.user().id(),
                        new Grants(Map.of(Module.GROUPS, AccessLevel.WRITE, Module.AUDIT, AccessLevel.READ)));
        ServerConnection editors = server.connect();
        editors.client().auth().login(new LoginRequest("editor@example.com", Secret.of(TestServer.OTHER_PASSWORD)));
        GroupsViewModel editorView = new GroupsViewModel(
                runner, editors, editors.client().session().orElseThrow().user());

        editorView.reload();
        editorView.select(editorView.groups().getFirst());

        assertThat(editorView.grantBlocked(Module.AUDIT, AccessLevel.READ).get())
                .isEmpty();
        assertThat(editorView.grantBlocked(Module.AUDIT, AccessLevel.WRITE).get())
                .isEqualTo(GroupsViewModel.BEYOND_OWN_LEVEL);
        assertThat(editorView.grantBlocked(Module.VAULT, AccessLevel.READ).get())
                .isEqualTo(GroupsViewModel.BEYOND_OWN_LEVEL);
        assertThat(viewModel.grantBlocked(Module.VAULT, AccessLevel.WRITE).get())
                .isEmpty();
    }
}
