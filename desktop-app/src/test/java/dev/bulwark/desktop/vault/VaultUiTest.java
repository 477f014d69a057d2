package dev.bulwark.desktop.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.shell.IdleLock;
import dev.bulwark.desktop.ui.MemoryClipboard;
import dev.bulwark.desktop.ui.MovableClock;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

class VaultUiTest {
    static final String DB_PASSWORD = "Amber-falcon-29-over-the-ridge";

    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final MovableClock clock = new MovableClock();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logged.add(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private RunningConsole console;

    @BeforeEach
    void signInAsAdmin() throws Exception {
        Logger.getLogger("").addHandler(capture);
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory, Map.of(), clipboard, clock);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
        Logger.getLogger("").removeHandler(capture);
    }

    /** Someone else working on the same server, through the API. */
    private BulwarkClient elsewhere(String email, String password) {
        BulwarkClient client = new BulwarkClient(URI.create(console.text("#serverAddress")));
        client.auth().login(new LoginRequest(email, Secret.of(password)));
        return client;
    }

    private BulwarkClient admin() {
        return elsewhere(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
    }

    private static VaultEntry addEntry(BulwarkClient client, String name, List<VaultShare> sharing) {
        return client.vault()
                .create(new CreateVaultEntryRequest(
                        name,
                        EntryKind.PASSWORD,
                        "deploy",
                        "https://db.example.com",
                        Secret.of(DB_PASSWORD),
                        null,
                        List.of("prod"),
                        List.of(CustomFieldInput.plain("port", "5432")),
                        null,
                        sharing));
    }

    private void openVault() {
        console.click("#navVault");
        console.waitFor("#vaultPage");
    }

    private void clickCell(String text) {
        WaitForAsyncUtils.waitForFxEvents();
        console.waitUntil(text + " is shown", () -> visibleCell(text).isPresent());
        robot.clickOn(visibleCell(text).orElseThrow());
    }

    private Optional<Node> visibleCell(String text) {
        return robot.lookup(LabeledMatchers.hasText(text)).queryAll().stream()
                .filter(node -> {
                    for (Node n = node; n != null; n = n.getParent()) {
                        if (!n.isVisible()) {
                            return false;
                        }
                    }
                    return node.getScene() != null;
                })
                .findFirst();
    }

    private void openEntry(String name) {
        clickCell(name);
        console.waitForText("#vaultEntryTitle", name);
        console.waitFor("#secretValue0");
    }

    @Test
    void reveal_showsTheValueFor30Seconds_andCopy_clearsTheClipboardAfter20Seconds() {
        addEntry(admin(), "Orders database", List.of());
        openVault();
        openEntry("Orders database");
        assertThat(console.text("#secretValue0")).isEqualTo(SecretField.MASK);
        assertThat(console.text("#entryUsername")).isEqualTo("deploy");
        assertThat(console.text("#customField0")).isEqualTo("5432");

        console.click("#reveal0");
        console.waitForText("#secretValue0", DB_PASSWORD);
        console.waitForText("#secretCountdown0", "hidden again in 30 s");
        clock.advance(Duration.ofSeconds(30));
        console.waitForText("#secretValue0", SecretField.MASK);

        console.click("#copy0");
        console.waitUntil(
                "the password is on the clipboard", () -> clipboard.text().equals(Optional.of(DB_PASSWORD)));
        console.waitForText("#notice", VaultViewModel.COPIED);
        assertThat(console.text("#secretValue0")).isEqualTo(DB_PASSWORD);
        clock.advance(Duration.ofSeconds(20));
        console.waitUntil("the clipboard is cleared", () -> clipboard.text().isEmpty());
        console.waitForText("#secretValue0", DB_PASSWORD);
        clock.advance(Duration.ofSeconds(10));
        console.waitForText("#secretValue0", SecretField.MASK);

        assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(DB_PASSWORD));
    }

    @Test
    void addEntry_withAGeneratedPassword_andTheStrengthMeter() {
        openVault();
        console.click("#createEntry");
        console.waitFor("#entryForm");
        console.type("#entryName", "Build server");
        console.type("#entryTagsInput", "ci, build");
        console.click("#generate");
        console.click("#showSecret");
        console.waitUntil(
                "a password was generated",
                () -> console.text("#entrySecretShown").length() == 20);
        String generated = console.text("#entrySecretShown");
        console.waitUntil(
                "the meter rates it", () -> !console.text("#entryStrengthText").isBlank());

        console.click("#saveEntry");

        console.waitForText("#vaultEntryTitle", "Build server");
        console.waitForText("#notice", "Build server was added to the vault.");
        assertThat(console.text("#entryTags")).isEqualTo("ci, build");
        console.click("#reveal0");
        console.waitForText("#secretValue0", generated);
    }

    @Test
    void theConsole_locksAfter15IdleMinutes_forgettingWhatWasRevealedAndCopied() {
        addEntry(admin(), "Orders database", List.of());
        openVault();
        openEntry("Orders database");
        console.click("#copy0");
        console.waitUntil(
                "the password is on the clipboard", () -> clipboard.text().equals(Optional.of(DB_PASSWORD)));

        clock.advance(IdleLock.IDLE_LIMIT);

        console.waitFor("#signInScreen");
        console.waitForText("#notice", IdleLock.LOCKED);
        assertThat(clipboard.text()).isEmpty();
        assertThat(robot.lookup("#secretValue0").tryQuery()).isEmpty();
        assertThat(console.text("#email")).isEqualTo(TestServer.ADMIN_EMAIL);
    }

    @Test
    void aStaleEdit_saysSoAndReloadsTheEntry() {
        BulwarkClient other = admin();
        VaultEntry entry = addEntry(other, "Orders database", List.of());
        openVault();
        openEntry("Orders database");
        console.click("#editEntry");
        console.waitFor("#entryForm");
        other.vault()
                .update(entry.id(), VaultViewModel.unchanged(renamed(entry, "Orders database (primary)"), List.of()));

        console.type("#entryUsernameInput", "-ops");
        console.click("#saveEntry");

        console.waitForText("#entryForm #problem", VaultEntryFormViewModel.STALE);
        assertThat(console.text("#entryName")).isEqualTo("Orders database (primary)");
        assertThat(console.text("#entryUsernameInput")).isEqualTo("deploy");

        console.type("#entryUsernameInput", "-ops");
        console.click("#saveEntry");
        console.waitForText("#vaultEntryTitle", "Orders database (primary)");
        console.waitForText("#entryUsername", "deploy-ops");
    }

    private static VaultEntry renamed(VaultEntry e, String name) {
        return new VaultEntry(
                e.id(),
                name,
                e.kind(),
                e.username(),
                e.url(),
                e.tags(),
                e.customFields(),
                e.expiresOn(),
                e.sharing(),
                e.hasSecret(),
                e.hasNotes(),
                e.secretVersion(),
                e.version(),
                e.createdBy(),
                e.createdAt(),
                e.updatedBy(),
                e.updatedAt(),
                e.deletedAt(),
                e.access());
    }

    @Test
    void anEntryMovedToTheTrash_canBeRestored() {
        addEntry(admin(), "Orders database", List.of());
        openVault();
        openEntry("Orders database");

        console.click("#deleteEntry");
        console.click("#confirmYes");
        console.waitForText("#notice", "Orders database was moved to the trash. You can restore it for 30 days.");
        console.waitFor("#noEntrySelected");

        console.click("#modeTrash");
        clickCell("Orders database");
        console.waitFor("#vaultEntryTrashed");
        assertThat(robot.lookup("#reveal0").query().isDisabled()).isTrue();
        console.click("#restoreEntry");
        console.waitForText("#notice", "Orders database was restored from the trash.");

        console.click("#modeEntries");
        openEntry("Orders database");
    }

    @Test
    void aUserInAGroupTheEntryIsSharedWithAtRead_seesIt_butCannotEditIt() throws Exception {
        BulwarkClient admin = admin();
        Group operators = admin.groups().create(new CreateGroupRequest("Operators", "On call"));
        admin.groups().setGrants(operators.id(), new Grants(Map.of(Module.VAULT, AccessLevel.READ)));
        UserDetails rita = admin.users()
                .create(new CreateUserRequest(
                        VaultFixtures.READER_EMAIL,
                        VaultFixtures.READER_NAME,
                        Role.USER,
                        Secret.of(TestServer.OTHER_PASSWORD),
                        false));
        admin.groups().addMember(operators.id(), rita.user().id());
        addEntry(admin, "Orders database", List.of(new VaultShare(operators.id(), AccessLevel.READ)));
        addEntry(admin, "Payroll", List.of());

        console.click("#signOut");
        console.waitFor("#signInScreen");
        robot.interact(() -> robot.lookup("#email").queryAs(TextField.class).clear());
        console.type("#email", VaultFixtures.READER_EMAIL);
        console.signIn(TestServer.OTHER_PASSWORD);
        console.waitFor("#shell");
        openVault();
        openEntry("Orders database");

        assertThat(robot.lookup("#vaultTable").queryTableView().getItems()).hasSize(1);
        assertThat(robot.lookup("#editEntry").query().isDisabled()).isTrue();
        assertThat(robot.lookup("#deleteEntry").query().isDisabled()).isTrue();
        assertThat(robot.lookup("#createEntry").query().isDisabled()).isTrue();
        assertThat(console.text("#vaultEntryKind")).isEqualTo("Password · shared with you for reading");
        console.click("#reveal0");
        console.waitForText("#secretValue0", DB_PASSWORD);
    }
}
