package dev.bulwark.desktop.vault;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
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
import dev.bulwark.model.vault.CustomFieldInput;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultShare;
import java.util.List;
import java.util.Map;

/** Entries, groups and a reading member, made through the API as an administrator would. */
final class VaultFixtures {
    static final String READER_EMAIL = "rita@example.com";
    static final String READER_NAME = "Rita Reader";

    private VaultFixtures() {}

    static VaultEntry entry(ServerConnection admin, String name, String secret, List<VaultShare> sharing) {
        return admin.client()
                .vault()
                .create(new CreateVaultEntryRequest(
                        name,
                        EntryKind.PASSWORD,
                        "deploy",
                        "https://db.example.com",
                        Secret.of(secret),
                        Secret.of("Rotate every quarter"),
                        List.of("prod", "database"),
                        List.of(
                                CustomFieldInput.plain("port", "5432"),
                                CustomFieldInput.secret("pin", Secret.of("4711-pin"))),
                        null,
                        sharing));
    }

    /** A group with VAULT READ and a USER-role member in it. */
    static Group readersGroup(ServerConnection admin) {
        Group group = admin.client().groups().create(new CreateGroupRequest("Operators", "On call"));
        admin.client().groups().setGrants(group.id(), new Grants(Map.of(Module.VAULT, AccessLevel.READ)));
        UserDetails reader = admin.client()
                .users()
                .create(new CreateUserRequest(
                        READER_EMAIL, READER_NAME, Role.USER, Secret.of(TestServer.OTHER_PASSWORD), false));
        admin.client().groups().addMember(group.id(), reader.user().id());
        return group;
    }

    static ServerConnection signedInAsReader(TestServer server) {
        ServerConnection connection = server.connect();
        connection.client().auth().login(new LoginRequest(READER_EMAIL, Secret.of(TestServer.OTHER_PASSWORD)));
        return connection;
    }
}
