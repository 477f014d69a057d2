package dev.bulwark.server.permission;

import static dev.bulwark.model.permission.AccessLevel.READ;
import static dev.bulwark.model.permission.AccessLevel.WRITE;
import static dev.bulwark.server.IdentityFixtures.createUser;
import static dev.bulwark.server.IdentityFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.model.user.UserImportReport;
import dev.bulwark.model.user.UserImportRequest;
import dev.bulwark.model.user.UserImportRow;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.VaultShare;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.TestServers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The escalations by group membership, password reset, email change and API-token narrowing, each tried the
 * way an attacker holding a lesser grant would, through the real API: each must be refused and audited.
 */
class EscalationIT extends AdminServerFixture {
    private static final String TEMPORARY = "quartz lantern meadow 4417";
    private static final String CHOSEN = "saffron piano glacier 9052";

    private UUID user(String email, Role role, Map<Module, AccessLevel> grants) {
        UUID id = createUser(admin, email, email, role).user().id();
        admin.users().setGrants(id, new Grants(grants));
        return id;
    }

    private UUID group(String name, Map<Module, AccessLevel> grants) {
        UUID id = admin.groups().create(new CreateGroupRequest(name, "")).id();
        admin.groups().setGrants(id, new Grants(grants));
        return id;
    }

    private UUID entrySharedWith(UUID group, AccessLevel level) {
        return entrySharedWith(List.of(new VaultShare(group, level)));
    }

    private UUID entrySharedWith(List<VaultShare> sharing) {
        return admin.vault()
                .create(new CreateVaultEntryRequest(
                        "payroll",
                        EntryKind.PASSWORD,
                        "svc-payroll",
                        "https://payroll.example.com",
                        Secret.of("the payroll secret"),
                        null,
                        List.of(),
                        List.of(),
                        null,
                        sharing))
                .id();
    }

    private List<AuditEvent> denials(String actorEmail) {
        return admin
                .audit()
                .events(new AuditQuery(null, null, null, "permission.denied", null, null, null, null, null, null, null))
                .events()
                .stream()
                .filter(e -> actorEmail.equals(e.actor().email()))
                .toList();
    }

    @Test
    void groupsWrite_cannotJoinAGroupThatVaultEntriesAreSharedWith() {
        UUID finance = group("Finance", Map.of());
        UUID payroll = entrySharedWith(finance, READ);
        UUID eve = user("eve@example.com", Role.EDITOR, Map.of(Module.GROUPS, WRITE, Module.VAULT, READ));
        BulwarkClient attacker = signIn(server, "eve@example.com");

        ApiException refused = failure(() -> attacker.groups().addMember(finance, eve));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(refused.getMessage()).contains("vault entries");
        assertThat(admin.groups().get(finance).members()).isEmpty();
        assertThat(failure(() -> attacker.vault().reveal(payroll, new RevealRequest(null, null))))
                .isNotNull();
        assertThat(denials("eve@example.com")).hasSize(1);
    }

    @Test
    void groupsWrite_cannotAddSomeoneElseToAGroupWithSharesTheCallerLacks() {
        UUID finance = group("Finance", Map.of());
        entrySharedWith(finance, WRITE);
        user("eve@example.com", Role.EDITOR, Map.of(Module.GROUPS, WRITE, Module.VAULT, WRITE));
        UUID accomplice = user("mal@example.com", Role.EDITOR, Map.of(Module.VAULT, WRITE));

        ApiException refused =
                failure(() -> signIn(server, "eve@example.com").groups().addMember(finance, accomplice));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(admin.groups().get(finance).members()).isEmpty();
    }

    @Test
    void aCallerWhoHoldsTheShares_mayAddMembers() {
        UUID finance = group("Finance", Map.of());
        UUID auditors = group("Auditors", Map.of());
        entrySharedWith(List.of(new VaultShare(finance, READ), new VaultShare(auditors, READ)));
        UUID eve = user("eve@example.com", Role.EDITOR, Map.of(Module.GROUPS, WRITE, Module.VAULT, READ));
        admin.groups().addMember(auditors, eve);
        UUID dan = user("dan@example.com", Role.USER, Map.of(Module.VAULT, READ));

        signIn(server, "eve@example.com").groups().addMember(finance, dan);

        assertThat(admin.groups().get(finance).members()).hasSize(1);
    }

    @Test
    void theUserImport_cannotPlaceUsersInAGroupWithSharesTheCallerLacks() {
        UUID finance = group("Finance", Map.of());
        entrySharedWith(finance, READ);
        user("eve@example.com", Role.EDITOR, Map.of(Module.USERS, WRITE, Module.GROUPS, WRITE, Module.VAULT, READ));

        UserImportReport report = signIn(server, "eve@example.com")
                .users()
                .importUsers(new UserImportRequest(
                        List.of(new UserImportRow("sock@example.com", "Sock", Role.EDITOR, List.of("Finance"))),
                        false));

        assertThat(report.created()).isZero();
        assertThat(report.rows().getFirst().message()).contains("vault entries");
        assertThat(admin.users().search("sock@example.com", 10, null).items()).isEmpty();
        assertThat(admin.groups().get(finance).members()).isEmpty();
    }

    @Test
    void usersWrite_cannotResetThePasswordOfAUserWithMoreAccess() {
        user("eve@example.com", Role.EDITOR, Map.of(Module.USERS, WRITE));
        UUID bob = user("bob@example.com", Role.EDITOR, Map.of(Module.VAULT, WRITE));
        BulwarkClient attacker = signIn(server, "eve@example.com");

        ApiException refused =
                failure(() -> attacker.users().resetPassword(bob, new PasswordResetRequest(Secret.of(TEMPORARY))));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(refused.getMessage()).contains("VAULT");
        assertThat(failure(() -> signIn(server, "bob@example.com", TEMPORARY)).type())
                .isEqualTo(ProblemType.INVALID_CREDENTIALS);
        assertThat(signIn(server, "bob@example.com").me().get().email()).isEqualTo("bob@example.com");
        assertThat(denials("eve@example.com")).hasSize(1);
    }

    @Test
    void usersWrite_cannotResetThePasswordOfAUserReachingVaultEntriesTheCallerCannot() {
        UUID finance = group("Finance", Map.of());
        entrySharedWith(finance, READ);
        user("eve@example.com", Role.EDITOR, Map.of(Module.USERS, WRITE, Module.VAULT, READ));
        UUID bob = user("bob@example.com", Role.EDITOR, Map.of(Module.VAULT, READ));
        admin.groups().addMember(finance, bob);

        ApiException refused = failure(() -> signIn(server, "eve@example.com")
                .users()
                .resetPassword(bob, new PasswordResetRequest(Secret.of(TEMPORARY))));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(refused.getMessage()).contains("vault entries");
    }

    @Test
    void usersWrite_mayResetThePasswordOfAUserItCovers() {
        user("eve@example.com", Role.EDITOR, Map.of(Module.USERS, WRITE, Module.VAULT, READ));
        UUID carol = user("carol@example.com", Role.USER, Map.of(Module.VAULT, READ));

        signIn(server, "eve@example.com").users().resetPassword(carol, new PasswordResetRequest(Secret.of(TEMPORARY)));

        assertThat(signIn(server, "carol@example.com", TEMPORARY).me().get().passwordChangeRequired())
                .isTrue();
    }

    @Test
    void usersWrite_cannotChangeTheEmailOfAUserWithMoreAccess() {
        user("eve@example.com", Role.EDITOR, Map.of(Module.USERS, WRITE));
        UUID bob = user("bob@example.com", Role.EDITOR, Map.of(Module.VAULT, WRITE));
        UserDetails before = admin.users().get(bob);

        ApiException refused = failure(() -> signIn(server, "eve@example.com")
                .users()
                .update(bob, new UpdateUserRequest(before.version(), "eve+bob@example.com", null, null)));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(admin.users().get(bob).user().email()).isEqualTo("bob@example.com");
        // the display name alone is no takeover
        signIn(server, "eve@example.com")
                .users()
                .update(bob, new UpdateUserRequest(before.version(), null, "Robert", null));
        assertThat(admin.users().get(bob).user().displayName()).isEqualTo("Robert");
    }

    @Test
    void aSessionWhosePasswordMustChange_canOnlyChangeItAndSignOut() {
        UUID bob = user("bob@example.com", Role.EDITOR, Map.of(Module.VAULT, WRITE, Module.USERS, READ));
        admin.users().resetPassword(bob, new PasswordResetRequest(Secret.of(TEMPORARY)));
        BulwarkClient bobClient = signIn(server, "bob@example.com", TEMPORARY);

        assertThat(bobClient.me().get().passwordChangeRequired()).isTrue();
        assertThat(failure(() -> bobClient.vault().search("payroll")).type())
                .isEqualTo(ProblemType.PASSWORD_CHANGE_REQUIRED);
        assertThat(failure(() -> bobClient.users().search("", 10, null)).type())
                .isEqualTo(ProblemType.PASSWORD_CHANGE_REQUIRED);
        assertThat(failure(() -> bobClient.me().tokens().create(new CreateApiTokenRequest("t", 30, null, null)))
                        .type())
                .isEqualTo(ProblemType.PASSWORD_CHANGE_REQUIRED);

        bobClient.me().changePassword(new ChangePasswordRequest(Secret.of(TEMPORARY), Secret.of(CHOSEN)));
        BulwarkClient changed = signIn(server, "bob@example.com", CHOSEN);

        assertThat(changed.me().get().passwordChangeRequired()).isFalse();
        assertThat(changed.vault().search("payroll").entries()).isEmpty();
    }

    @Test
    void anAdminTokenNarrowedToAudit_cannotChangeSettingsRotateKeysOrResetASecondFactor() {
        UUID carol = user("carol@example.com", Role.USER, Map.of());
        Secret token = admin.me()
                .tokens()
                .create(new CreateApiTokenRequest("audit only", 30, List.of(Module.AUDIT), null))
                .value();
        BulwarkClient narrowed = BulwarkClient.withApiToken(server.baseUri(), token);

        assertThat(failure(() -> narrowed.vault().rotate()).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> narrowed.mfa().resetMfa(carol)).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> narrowed.users().resetPassword(carol, new PasswordResetRequest(Secret.of(TEMPORARY))))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(narrowed.audit()
                        .events(new AuditQuery(null, null, null, null, null, null, null, null, null, null, 5L))
                        .events())
                .isNotEmpty();
        assertThat(denials(TestServers.ADMIN_EMAIL)).hasSize(3);
    }

    @Test
    void settingsWrite_isNeverGranted_andSettingsReadCannotRotateKeys() {
        UUID eve = user("eve@example.com", Role.EDITOR, Map.of(Module.SETTINGS, READ));

        ApiException refused = failure(() -> admin.users().setGrants(eve, new Grants(Map.of(Module.SETTINGS, WRITE))));
        ApiException groupRefused = failure(() -> group("Operators", Map.of(Module.SETTINGS, WRITE)));

        assertThat(refused.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(groupRefused.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(failure(() -> signIn(server, "eve@example.com").vault().rotate())
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(admin.users().effectivePermissions(eve).levelOf(Module.SETTINGS))
                .isEqualTo(READ);
    }
}
