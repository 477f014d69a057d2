package dev.bulwark.desktop.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.MemoryClipboard;
import dev.bulwark.desktop.ui.MovableClock;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.desktop.vault.VaultViewModel.Mode;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultEntrySummary;
import dev.bulwark.model.vault.VaultShare;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultViewModelTest {
    static final String DB_PASSWORD = "Amber-falcon-29-over-the-ridge";

    @TempDir
    Path dataDirectory;

    private final SameThreadRunner runner = new SameThreadRunner();
    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final MovableClock clock = new MovableClock();
    private TestServer server;
    private ServerConnection connection;
    private VaultViewModel viewModel;

    @BeforeEach
    void signIn() {
        start(dataDirectory, Map.of());
    }

    private void start(Path directory, Map<String, String> settings) {
        server = new TestServer(directory, settings);
        connection = server.signedInAsAdmin();
        viewModel = viewModelFor(connection);
    }

    private VaultViewModel viewModelFor(ServerConnection signedIn) {
        VaultViewModel model = new VaultViewModel(
                runner, signedIn, signedIn.client().session().orElseThrow().user(), clipboard, clock);
        model.reload();
        return model;
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private VaultEntry addDatabaseEntry() {
        VaultEntry entry = VaultFixtures.entry(connection, "Orders database", DB_PASSWORD, List.of());
        viewModel.reload();
        return entry;
    }

    private void selectOnly() {
        assertThat(viewModel.entries()).hasSize(1);
        viewModel.select(viewModel.entries().getFirst());
    }

    private SecretField field(String name) {
        return viewModel.secretFields().stream()
                .filter(f -> f.field().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private List<String> actions() {
        return connection.client().audit().events(AuditQuery.all()).events().stream()
                .map(AuditEvent::action)
                .toList();
    }

    @Test
    void reload_listsTheEntries_andSearchFindsThemByTagAndName() {
        addDatabaseEntry();
        VaultFixtures.entry(connection, "Mail relay", "Quiet-harbour-71-mornings", List.of());
        viewModel.reload();

        assertThat(viewModel.entries())
                .extracting(VaultEntrySummary::name)
                .containsExactly("Mail relay", "Orders database");
        assertThat(viewModel.listNoteProperty().get()).isEqualTo("2 entries");

        viewModel.queryProperty().set("orders");
        viewModel.search();
        assertThat(viewModel.entries()).extracting(VaultEntrySummary::name).containsExactly("Orders database");

        viewModel.queryProperty().set("");
        viewModel.kindFilterProperty().set(EntryKind.API_KEY);
        viewModel.search();
        assertThat(viewModel.entries()).isEmpty();
    }

    @Test
    void select_showsEveryEncryptedFieldMasked() {
        addDatabaseEntry();

        selectOnly();

        assertThat(viewModel.selectedProperty().get().name()).isEqualTo("Orders database");
        assertThat(viewModel.secretFields()).extracting(SecretField::field).containsExactly("secret", "notes", "pin");
        assertThat(viewModel.secretFields())
                .allSatisfy(f -> assertThat(f.textProperty().get()).isEqualTo(SecretField.MASK));
        assertThat(viewModel.versions()).hasSize(1);
        assertThat(viewModel.changeBlockedProperty().get()).isEmpty();
    }

    @Test
    void reveal_showsTheValueFor30Seconds_thenMasksItAgain() {
        addDatabaseEntry();
        selectOnly();
        SecretField secret = field("secret");

        viewModel.reveal(secret);

        assertThat(secret.textProperty().get()).isEqualTo(DB_PASSWORD);
        assertThat(secret.secondsLeftProperty().get()).isEqualTo(30);
        assertThat(runner.repeatingPeriods()).containsExactly(VaultViewModel.TICK);
        assertThat(actions()).contains("vault.entry.reveal");

        clock.advance(Duration.ofSeconds(29));
        runner.tick();
        assertThat(secret.textProperty().get()).isEqualTo(DB_PASSWORD);
        assertThat(secret.secondsLeftProperty().get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        runner.tick();
        assertThat(secret.textProperty().get()).isEqualTo(SecretField.MASK);
        assertThat(secret.revealedProperty().get()).isFalse();
        assertThat(runner.repeatingPeriods()).isEmpty();
    }

    @Test
    void reveal_ofASecretCustomField_showsItsValue() {
        addDatabaseEntry();
        selectOnly();

        viewModel.reveal(field("pin"));
        viewModel.reveal(field("notes"));

        assertThat(field("pin").textProperty().get()).isEqualTo("4711-pin");
        assertThat(field("notes").textProperty().get()).isEqualTo("Rotate every quarter");
    }

    @Test
    void copy_putsTheValueOnTheClipboard_recordsIt_andClearsItAfter20Seconds() {
        addDatabaseEntry();
        selectOnly();

        viewModel.copy(field("secret"));

        assertThat(clipboard.text()).contains(DB_PASSWORD);
        assertThat(viewModel.noticeProperty().get()).isEqualTo(VaultViewModel.COPIED);
        assertThat(actions()).contains("vault.entry.copy", "vault.entry.reveal");

        clock.advance(Duration.ofSeconds(19));
        runner.tick();
        assertThat(clipboard.text()).contains(DB_PASSWORD);

        clock.advance(Duration.ofSeconds(1));
        runner.tick();
        assertThat(clipboard.text()).isEmpty();
        assertThat(viewModel.noticeProperty().get()).isEmpty();
    }

    @Test
    void copy_leavesTheClipboardAlone_whenSomethingElseWasCopiedSince() {
        addDatabaseEntry();
        selectOnly();
        viewModel.copy(field("secret"));

        clipboard.put("a shopping list");
        clock.advance(Duration.ofSeconds(21));
        runner.tick();

        assertThat(clipboard.text()).contains("a shopping list");
    }

    @Test
    void lock_masksEveryRevealedValue_andClearsTheClipboardItFilled() {
        addDatabaseEntry();
        selectOnly();
        viewModel.reveal(field("pin"));
        viewModel.copy(field("secret"));

        viewModel.lock();

        assertThat(viewModel.secretFields()).allSatisfy(f -> {
            assertThat(f.textProperty().get()).isEqualTo(SecretField.MASK);
            assertThat(f.value()).isNull();
        });
        assertThat(clipboard.text()).isEmpty();
        assertThat(runner.repeatingPeriods()).isEmpty();
    }

    @Test
    void reveal_whenTheServerAsksForAReason_saysSo_thenRevealsWithTheReason() {
        server.close();
        start(dataDirectory.resolve("reason-required"), Map.of("BULWARK_VAULT_REVEAL_REASON_REQUIRED", "true"));
        addDatabaseEntry();
        selectOnly();
        SecretField secret = field("secret");

        viewModel.reveal(secret);

        assertThat(secret.revealedProperty().get()).isFalse();
        assertThat(viewModel.reasonRequiredProperty().get()).isTrue();
        assertThat(viewModel.problemProperty().get()).isEqualTo(VaultViewModel.REASON_REQUIRED);

        viewModel.reasonProperty().set("Incident 4411: failover");
        viewModel.reveal(secret);

        assertThat(secret.textProperty().get()).isEqualTo(DB_PASSWORD);
        assertThat(viewModel.reasonProperty().get()).isEmpty();
        assertThat(connection.client().audit().events(AuditQuery.all()).events())
                .anySatisfy(e -> assertThat(e.reason()).contains("Incident 4411"));
    }

    @Test
    void create_withAGeneratedPassword_addsAndSelectsTheEntry() {
        VaultEntryFormViewModel form = viewModel.newEntryForm();
        form.nameProperty().set("Build server");
        form.lengthProperty().set(24);
        form.generate();
        String generated = form.secretProperty().get();
        form.tagsProperty().set("ci, build");
        CustomFieldRow host = form.addCustomField();
        host.nameProperty().set("host");
        host.valueProperty().set("ci.example.com");

        form.save();

        assertThat(form.doneProperty().get()).isTrue();
        assertThat(generated).hasSize(24);
        assertThat(viewModel.entries()).extracting(VaultEntrySummary::name).containsExactly("Build server");
        VaultEntry saved = viewModel.selectedProperty().get();
        assertThat(saved.tags()).containsExactly("ci", "build");
        assertThat(saved.customFields()).extracting(f -> f.value()).containsExactly("ci.example.com");
        viewModel.reveal(field("secret"));
        assertThat(field("secret").textProperty().get()).isEqualTo(generated);
    }

    @Test
    void create_withoutAName_asksForOne() {
        VaultEntryFormViewModel form = viewModel.newEntryForm();

        form.save();

        assertThat(form.nameErrorProperty().get()).isEqualTo(VaultEntryFormViewModel.ENTER_NAME);
        assertThat(viewModel.entries()).isEmpty();
    }

    @Test
    void generator_describesItsStrength_andRefusesOptionsWithoutCharacters() {
        VaultEntryFormViewModel form = viewModel.newEntryForm();
        assertThat(form.generatorSummaryProperty().get()).startsWith("About ").endsWith(" bits of randomness.");

        form.lowerProperty().set(false);
        form.upperProperty().set(false);
        form.digitsProperty().set(false);
        form.symbolsProperty().set(false);
        form.generate();

        assertThat(form.problemProperty().get()).isEqualTo("Choose at least one kind of character.");
        assertThat(form.secretProperty().get()).isEmpty();

        form.generateProperty().set(VaultEntryFormViewModel.Generate.PASSPHRASE);
        form.generate();
        assertThat(form.secretProperty().get().split("-")).hasSize(6);
    }

    @Test
    void edit_ofAnEntryChangedMeanwhile_saysSo_andReloadsIt() {
        VaultEntry entry = addDatabaseEntry();
        selectOnly();
        VaultEntryFormViewModel form = viewModel.editForm();
        connection.client().vault().update(entry.id(), VaultViewModel.unchanged(withName(entry), List.of()));

        form.usernameProperty().set("someone-else");
        form.save();

        assertThat(form.doneProperty().get()).isFalse();
        assertThat(form.problemProperty().get()).isEqualTo(VaultEntryFormViewModel.STALE);
        assertThat(form.nameProperty().get()).isEqualTo("Orders database (primary)");
        assertThat(form.usernameProperty().get()).isEqualTo("deploy");

        form.usernameProperty().set("someone-else");
        form.save();
        assertThat(form.doneProperty().get()).isTrue();
        assertThat(viewModel.selectedProperty().get().username()).isEqualTo("someone-else");
    }

    private static VaultEntry withName(VaultEntry e) {
        return new VaultEntry(
                e.id(),
                "Orders database (primary)",
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
    void edit_withAnEmptySecret_keepsTheStoredSecretAndSecretFields() {
        addDatabaseEntry();
        selectOnly();
        VaultEntryFormViewModel form = viewModel.editForm();
        form.urlProperty().set("https://db2.example.com");

        form.save();

        assertThat(form.doneProperty().get()).isTrue();
        viewModel.reveal(field("secret"));
        viewModel.reveal(field("pin"));
        assertThat(field("secret").textProperty().get()).isEqualTo(DB_PASSWORD);
        assertThat(field("pin").textProperty().get()).isEqualTo("4711-pin");
        assertThat(viewModel.versions()).hasSize(1);
    }

    @Test
    void edit_canRemoveTheStoredNotes() {
        addDatabaseEntry();
        selectOnly();
        VaultEntryFormViewModel form = viewModel.editForm();
        assertThat(form.hasStoredNotes()).isTrue();

        form.removeNotesProperty().set(true);
        form.save();

        assertThat(form.doneProperty().get()).isTrue();
        assertThat(viewModel.selectedProperty().get().hasNotes()).isFalse();
        assertThat(viewModel.secretFields()).extracting(SecretField::field).containsExactly("secret", "pin");
    }

    @Test
    void restoreVersion_makesAnOlderValueCurrentAgain() {
        VaultEntry entry = addDatabaseEntry();
        selectOnly();
        VaultEntryFormViewModel form = viewModel.editForm();
        form.secretProperty().set("Newer-value-55-on-the-shelf");
        form.save();
        assertThat(viewModel.versions()).hasSize(2);

        viewModel.restoreVersion(viewModel.versions().stream()
                .filter(v -> !v.current())
                .findFirst()
                .orElseThrow());

        assertThat(viewModel.versions()).hasSize(3);
        assertThat(viewModel.versions().getFirst().changedByEmail()).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(connection
                        .client()
                        .vault()
                        .reveal(entry.id(), RevealRequest.secret())
                        .value()
                        .reveal())
                .isEqualTo(DB_PASSWORD);
    }

    @Test
    void trash_restore_andDestroy() {
        addDatabaseEntry();
        selectOnly();

        viewModel.deleteSelected();
        assertThat(viewModel.entries()).isEmpty();
        viewModel.show(Mode.TRASH);
        assertThat(viewModel.entries()).extracting(VaultEntrySummary::name).containsExactly("Orders database");
        selectOnly();
        assertThat(viewModel.changeBlockedProperty().get()).isEqualTo(VaultViewModel.IN_TRASH);

        viewModel.restoreSelected();
        assertThat(viewModel.entries()).isEmpty();
        viewModel.show(Mode.ENTRIES);
        selectOnly();
        viewModel.deleteSelected();
        viewModel.show(Mode.TRASH);
        selectOnly();

        viewModel.destroySelected();

        assertThat(viewModel.entries()).isEmpty();
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Orders database was destroyed.");
        viewModel.show(Mode.ENTRIES);
        assertThat(viewModel.entries()).isEmpty();
    }

    @Test
    void sharing_withAGroupAtRead_letsItsMembersSeeButNotChangeTheEntry() {
        Group operators = VaultFixtures.readersGroup(connection);
        addDatabaseEntry();
        viewModel.reload();
        selectOnly();

        viewModel.share(operators, AccessLevel.READ);
        assertThat(viewModel.sharingChangedProperty().get()).isTrue();
        viewModel.saveSharing();

        assertThat(viewModel.selectedProperty().get().sharing())
                .containsExactly(new VaultShare(operators.id(), AccessLevel.READ));
        assertThat(viewModel.sharing()).extracting(ShareRow::groupName).containsExactly("Operators");
        assertThat(viewModel.sharingChangedProperty().get()).isFalse();

        ServerConnection readerConnection = VaultFixtures.signedInAsReader(server);
        VaultViewModel reader = viewModelFor(readerConnection);
        assertThat(reader.entries()).extracting(VaultEntrySummary::name).containsExactly("Orders database");
        reader.select(reader.entries().getFirst());
        assertThat(reader.createBlockedProperty().get()).isEqualTo(VaultViewModel.NEEDS_VAULT_WRITE);
        assertThat(reader.changeBlockedProperty().get()).isEqualTo(VaultViewModel.NEEDS_VAULT_WRITE);
        reader.reveal(reader.secretFields().getFirst());
        assertThat(reader.secretFields().getFirst().textProperty().get()).isEqualTo(DB_PASSWORD);
    }

    @Test
    void health_listsWeakEntries_andOpensOneInTheList() {
        VaultEntry weak = VaultFixtures.entry(connection, "Old router", "password1", List.of());
        addDatabaseEntry();

        viewModel.show(Mode.HEALTH);

        assertThat(viewModel.healthItems()).extracting(item -> item.name()).contains("Old router");
        assertThat(viewModel.healthProperty().get().weak()).isEqualTo(1);

        viewModel.openFromHealth(weak.id());

        assertThat(viewModel.modeProperty().get()).isEqualTo(Mode.ENTRIES);
        assertThat(viewModel.selectedProperty().get().name()).isEqualTo("Old router");
        assertThat(viewModel.entries()).hasSize(2);
    }

    @Test
    void aSecretValue_isNeverPrintedByTheScreensObjects() {
        addDatabaseEntry();
        selectOnly();
        viewModel.reveal(field("secret"));

        assertThat(field("secret").toString()).doesNotContain(DB_PASSWORD);
        assertThat(Secret.of(DB_PASSWORD).toString()).doesNotContain(DB_PASSWORD);
    }
}
