package dev.bulwark.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.KeyUsage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysViewModelTest {
    @TempDir
    Path dataDirectory;

    private final SameThreadRunner runner = new SameThreadRunner();
    private TestServer server;
    private ServerConnection connection;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        for (int i = 0; i < 3; i++) {
            connection
                    .client()
                    .vault()
                    .create(new CreateVaultEntryRequest(
                            "Entry " + i,
                            EntryKind.API_KEY,
                            null,
                            null,
                            Secret.of("key-" + i),
                            null,
                            List.of(),
                            List.of(),
                            null,
                            List.of()));
        }
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private KeysViewModel keysFor(ServerConnection signedIn) {
        KeysViewModel keys = new KeysViewModel(
                runner, signedIn, signedIn.client().session().orElseThrow().user());
        keys.reload();
        return keys;
    }

    @Test
    void reload_showsTheValuesPerKey_andAnAdministratorMayRotate() {
        KeysViewModel keys = keysFor(connection);

        assertThat(keys.keys()).extracting(KeyUsage::values).containsExactly(3L);
        assertThat(keys.progressProperty().get()).isEqualTo(1.0);
        assertThat(keys.summaryProperty().get()).isEqualTo("Every value (3) is encrypted with the primary key.");
        assertThat(keys.rotateBlockedProperty().get()).isEmpty();
    }

    @Test
    void rotate_addsAPrimaryKey_andRefreshesUntilEveryValueMoved() throws InterruptedException {
        KeysViewModel keys = keysFor(connection);
        long before = keys.statusProperty().get().primaryKeyId();

        keys.rotate();

        assertThat(keys.noticeProperty().get()).startsWith("A new data key was added.");
        assertThat(keys.statusProperty().get().primaryKeyId()).isNotEqualTo(before);
        // The server re-encrypts on its own thread; each tick asks for the status again, as the tab does.
        for (int i = 0; i < 200 && keys.runningProperty().get(); i++) {
            Thread.sleep(50);
            runner.tick();
        }
        assertThat(keys.runningProperty().get()).isFalse();
        assertThat(keys.progressProperty().get()).isEqualTo(1.0);
        assertThat(runner.repeatingPeriods()).isEmpty();
        assertThat(keys.keys())
                .filteredOn(key -> key.keyId() == keys.statusProperty().get().primaryKeyId())
                .extracting(KeyUsage::values)
                .containsExactly(3L);
    }

    @Test
    void someoneWhoOnlyReadsSettings_seesTheKeys_butMayNotRotate() {
        Group group = connection.client().groups().create(new CreateGroupRequest("Auditors", ""));
        connection.client().groups().setGrants(group.id(), new Grants(Map.of(Module.SETTINGS, AccessLevel.READ)));
        UserDetails editor = connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "eve@example.com", "Eve", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), false));
        connection.client().groups().addMember(group.id(), editor.user().id());
        ServerConnection editors = server.connect();
        editors.client().auth().login(new LoginRequest("eve@example.com", Secret.of(TestServer.OTHER_PASSWORD)));

        KeysViewModel keys = keysFor(editors);

        assertThat(keys.keys()).isNotEmpty();
        assertThat(keys.rotateBlockedProperty().get()).isEqualTo(KeysViewModel.ADMIN_ONLY);
    }
}
