package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.DesktopPreferences;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedViewsViewModelTest {
    @TempDir
    static Path serverDirectory;

    @TempDir
    Path preferencesDirectory;

    private static TestServer server;
    private static ServerConnection connection;

    private final SameThreadRunner runner = new SameThreadRunner();

    @BeforeAll
    static void startServer() {
        server = new TestServer(serverDirectory);
        connection = server.signedInAsAdmin();
        connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "grace@example.com", "Grace Hopper", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), false));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private AuditViewModel audit(Path preferences) {
        return new AuditViewModel(runner, connection, new DesktopPreferences(preferences), Clock.systemUTC());
    }

    private SavedViewsViewModel views(AuditViewModel audit, Path preferences) {
        SavedViewsViewModel views = new SavedViewsViewModel(runner, audit, new DesktopPreferences(preferences));
        views.load();
        return views;
    }

    private static AuditFilters someFilters() {
        return new AuditFilters(
                TimeRange.CHOSEN,
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"),
                QuickView.ADMIN_CHANGES.action(),
                OutcomeChoice.SUCCESS,
                TestServer.ADMIN_EMAIL,
                "",
                "user");
    }

    @Test
    void savedView_isListedAfterARestartAndAppliesEveryFilterAgain() {
        AuditViewModel audit = audit(preferencesDirectory);
        audit.apply(someFilters());
        views(audit, preferencesDirectory).saveCurrent("  Admin work  ");
        audit.clearFilters();
        assertThat(audit.filters()).isEqualTo(AuditFilters.none());

        SavedViewsViewModel later = views(audit, preferencesDirectory);
        assertThat(later.views()).extracting(SavedView::name).containsExactly("Admin work");
        later.apply(later.views().getFirst());

        assertThat(audit.filters()).isEqualTo(someFilters());
        assertThat(audit.chosenPeriodProperty().get()).contains(" – ");
        assertThat(audit.problemProperty().get()).isEmpty();
        assertThat(audit.events()).isNotEmpty().allSatisfy(event -> {
            assertThat(event.action()).startsWith("user.");
            assertThat(event.actor().email()).isEqualTo(TestServer.ADMIN_EMAIL);
        });
    }

    @Test
    void savingUnderATakenName_replacesThatView_andDeleteRemovesIt() {
        AuditViewModel audit = audit(preferencesDirectory);
        SavedViewsViewModel views = views(audit, preferencesDirectory);
        views.saveCurrent("Everything");
        audit.show(QuickView.FAILED_SIGN_INS);
        views.saveCurrent("Everything");

        assertThat(views.views()).hasSize(1);
        assertThat(views.views().getFirst().filters().action()).isEqualTo(QuickView.FAILED_SIGN_INS.action());
        assertThat(views.noticeProperty().get()).isEqualTo("Saved the view Everything.");

        views.delete(views.views().getFirst());

        assertThat(views.views()).isEmpty();
        assertThat(views(audit, preferencesDirectory).views()).isEmpty();
    }

    @Test
    void aViewNeedsAName() {
        SavedViewsViewModel views = views(audit(preferencesDirectory), preferencesDirectory);

        views.saveCurrent("   ");

        assertThat(views.problemProperty().get()).isEqualTo("A view needs a name of 1 to 80 characters.");
        assertThat(views.views()).isEmpty();
    }

    @Test
    void sharedText_isImportedByAnotherConsoleAsTheSameView(@TempDir Path otherConsole) {
        AuditViewModel audit = audit(preferencesDirectory);
        audit.apply(someFilters());
        SavedViewsViewModel views = views(audit, preferencesDirectory);
        views.saveCurrent("Admin work");

        views.share(views.views().getFirst());
        String text = views.sharedTextProperty().get();
        assertThat(text).startsWith("bulwark-audit-view:").doesNotContain(" ", "\n");

        SavedViewsViewModel elsewhere = views(audit(otherConsole), otherConsole);
        elsewhere.importText("  " + text + "\n");

        assertThat(elsewhere.problemProperty().get()).isEmpty();
        assertThat(elsewhere.views()).containsExactly(new SavedView("Admin work", someFilters()));
        assertThat(elsewhere.noticeProperty().get()).isEqualTo("Imported the view Admin work.");
    }

    @Test
    void importingTextThatIsNoView_saysWhyAndKeepsNothing() {
        SavedViewsViewModel views = views(audit(preferencesDirectory), preferencesDirectory);

        views.importText("hello");
        assertThat(views.problemProperty().get())
                .isEqualTo("This is not a shared audit view: it should start with bulwark-audit-view:");

        views.importText("bulwark-audit-view:%%%");
        assertThat(views.problemProperty().get()).isEqualTo("This shared audit view is damaged; copy it again.");

        String unknownAction = "{\"name\":\"Odd\",\"filters\":{\"timeRange\":\"ALL\",\"action\":{\"label\":\"x\","
                + "\"codes\":[\"vault.steal\"]},\"outcome\":\"ANY\"}}";
        views.importText("bulwark-audit-view:"
                + Base64.getUrlEncoder().encodeToString(unknownAction.getBytes(StandardCharsets.UTF_8)));
        assertThat(views.problemProperty().get())
                .isEqualTo("This view filters on an action this console does not know: vault.steal");

        assertThat(views.views()).isEmpty();
    }

    @Test
    void aViewSavedBeforeTheTargetFilter_stillLoadsAndApplies_andANewOneKeepsTheTargetAndSeveralActions(
            @TempDir Path older) throws Exception {
        // As desktop-preferences.json held views before the target filter and the checkable actions.
        java.nio.file.Files.writeString(
                older.resolve(dev.bulwark.desktop.DesktopPreferences.FILE_NAME),
                "{\"auditViews\":[{\"name\":\"Old failures\",\"filters\":{\"timeRange\":\"LAST_WEEK\","
                        + "\"action\":{\"label\":\"auth.login.failure\",\"codes\":[\"auth.login.failure\"]},"
                        + "\"outcome\":\"ANY\",\"actor\":\"\",\"ip\":\"\",\"text\":\"\"}}]}");
        AuditViewModel audit = audit(older);
        SavedViewsViewModel views = views(audit, older);

        assertThat(views.views()).extracting(SavedView::name).containsExactly("Old failures");
        views.apply(views.views().getFirst());
        assertThat(audit.filters().timeRange()).isEqualTo(TimeRange.LAST_WEEK);
        assertThat(audit.filters().target()).isEmpty();
        assertThat(audit.actionProperty().get().codes()).containsExactly("auth.login.failure");

        audit.actionProperty()
                .set(ActionChoice.checked(QuickView.SECRET_REVEALS.action().codes()));
        audit.targetTypeProperty().set("vault-entry");
        audit.targetProperty().set("Production DB");
        views.saveCurrent("Reveals of production");
        SavedViewsViewModel reread = views(audit(older), older);

        SavedView kept = reread.views().getLast();
        assertThat(kept.filters().targetType()).isEqualTo("vault-entry");
        assertThat(kept.filters().target()).isEqualTo("Production DB");
        assertThat(kept.filters().action().codes()).containsExactly("vault.entry.reveal", "vault.entry.copy");
        assertThat(SavedViewText.decode(SavedViewText.encode(kept))).isEqualTo(kept);
    }

    @Test
    void narrowingToAPeriod_keepsTheOtherFilters() {
        AuditViewModel audit = audit(preferencesDirectory);
        audit.show(QuickView.ADMIN_CHANGES);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = Instant.parse("2026-01-01T01:00:00Z");

        audit.narrowTo(start, end);

        assertThat(audit.filters())
                .isEqualTo(new AuditFilters(
                        TimeRange.CHOSEN, start, end, QuickView.ADMIN_CHANGES.action(), null, "", "", ""));
        assertThat(audit.events()).extracting(AuditEvent::seq).isEmpty();
        audit.timeRangeProperty().set(TimeRange.LAST_DAY);
        assertThat(audit.chosenPeriodProperty().get()).isEmpty();
        assertThat(audit.filters().timeRange()).isEqualTo(TimeRange.LAST_DAY);
    }
}
