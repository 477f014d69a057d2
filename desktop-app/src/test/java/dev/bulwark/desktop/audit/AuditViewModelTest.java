package dev.bulwark.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.desktop.DesktopPreferences;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.audit.AuditViewModel.ChangeRow;
import dev.bulwark.desktop.audit.AuditViewModel.DetailField;
import dev.bulwark.desktop.audit.AuditViewModel.Integrity;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditViewModelTest {
    private static final String INTRUDER = "mallory@example.com";
    private static final int FAILED_SIGN_INS = 3;

    @TempDir
    static Path dataDirectory;

    private static TestServer server;
    private static ServerConnection connection;

    private final SameThreadRunner runner = new SameThreadRunner();
    private final List<AuditViewModel> opened = new ArrayList<>();

    @BeforeAll
    static void recordSomeHistory() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        for (int i = 0; i < FAILED_SIGN_INS; i++) {
            failToSignIn();
        }
        UserDetails grace = connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "grace@example.com", "Grace Hopper", Role.EDITOR, Secret.of(TestServer.OTHER_PASSWORD), false));
        connection
                .client()
                .users()
                .create(new CreateUserRequest(
                        "alan@example.com", "Alan Turing", Role.USER, Secret.of(TestServer.OTHER_PASSWORD), false));
        Group auditors = connection.client().groups().create(new CreateGroupRequest("Auditors", "Read the trail"));
        connection.client().groups().addMember(auditors.id(), grace.user().id());
        ServerConnection second = server.connect();
        second.client().auth().login(new LoginRequest(TestServer.ADMIN_EMAIL, Secret.of(TestServer.ADMIN_PASSWORD)));
        second.client().auth().logout();
    }

    private static void failToSignIn() {
        assertThatThrownBy(() -> server.connect()
                        .client()
                        .auth()
                        .login(new LoginRequest(INTRUDER, Secret.of("not-the-password-at-all"))))
                .isInstanceOf(ApiException.class);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeViewModels() {
        opened.forEach(AuditViewModel::close);
    }

    private AuditViewModel viewModel(int pageSize) {
        AuditViewModel viewModel = new AuditViewModel(
                runner, connection, new DesktopPreferences(dataDirectory), Clock.systemUTC(), pageSize);
        opened.add(viewModel);
        return viewModel;
    }

    /** Every event matching {@code action} (any when null), newest first, read straight from the API. */
    private static List<AuditEvent> everything(String action) {
        return connection
                .client()
                .audit()
                .events(new AuditQuery(null, null, null, action, null, null, null, null, null, 1_000, null))
                .events();
    }

    @Test
    void open_showsTheNewestEventsFirstAndVerifiesTheChain() {
        AuditViewModel viewModel = viewModel(100);

        viewModel.open();

        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(viewModel.events()).isNotEmpty();
        assertThat(viewModel.events()).extracting(AuditEvent::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(viewModel.events()).extracting(AuditEvent::action).contains("auth.login.failure", "user.create");
        assertThat(viewModel.integrityProperty().get()).isEqualTo(Integrity.VERIFIED);
        assertThat(viewModel.integrityTextProperty().get()).matches("Verified up to \\d+");
        assertThat(viewModel.hasMoreProperty().get()).isFalse();
        assertThat(viewModel.summaryProperty().get()).endsWith(" events");
    }

    @Test
    void scrolling_readsOlderPagesByKeysetUntilTheEnd() {
        AuditViewModel viewModel = viewModel(4);
        viewModel.apply();
        List<AuditEvent> all = everything(null);
        long newestAtStart = viewModel.events().getFirst().seq();
        assertThat(viewModel.events()).hasSize(4);
        assertThat(viewModel.hasMoreProperty().get()).isTrue();
        assertThat(viewModel.summaryProperty().get()).isEqualTo("4 events shown; scroll down for older ones");

        viewModel.loadMore();
        assertThat(viewModel.events()).hasSize(8);
        while (viewModel.hasMoreProperty().get()) {
            viewModel.loadMore();
        }

        List<Long> expected = all.stream()
                .map(AuditEvent::seq)
                .filter(seq -> seq <= newestAtStart)
                .toList();
        assertThat(viewModel.events()).extracting(AuditEvent::seq).containsExactlyElementsOf(expected);
    }

    @Test
    void quickView_failedSignIns_showsOnlyThem() {
        AuditViewModel viewModel = viewModel(100);

        viewModel.show(QuickView.FAILED_SIGN_INS);

        assertThat(viewModel.events())
                .hasSizeGreaterThanOrEqualTo(FAILED_SIGN_INS)
                .allSatisfy(event -> {
                    assertThat(event.action()).isEqualTo("auth.login.failure");
                    assertThat(event.outcome()).isNotEqualTo(AuditOutcome.SUCCESS);
                });
        assertThat(viewModel.actionProperty().get().codes()).containsExactly("auth.login.failure");
    }

    @Test
    void quickView_adminChanges_mergesSeveralActionsNewestFirstAcrossPages() {
        AuditViewModel viewModel = viewModel(2);

        viewModel.show(QuickView.ADMIN_CHANGES);
        while (viewModel.hasMoreProperty().get()) {
            viewModel.loadMore();
        }

        List<Long> expected = everything(null).stream()
                .filter(e -> e.action().startsWith("user.") || e.action().startsWith("group."))
                .map(AuditEvent::seq)
                .toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
        assertThat(viewModel.events()).extracting(AuditEvent::seq).containsExactlyElementsOf(expected);
        assertThat(viewModel.events())
                .extracting(AuditEvent::action)
                .contains("user.create", "group.create", "group.member.add");
    }

    @Test
    void category_showsEveryActionOfIt() {
        AuditViewModel viewModel = viewModel(100);
        viewModel.actionProperty().set(ActionChoice.of(AuditAction.Category.GROUPS));

        viewModel.apply();

        assertThat(viewModel.events())
                .extracting(AuditEvent::action)
                .containsExactly("group.member.add", "group.create");
    }

    @Test
    void filters_byActorOutcomeIpAndText_narrowTheList() {
        AuditViewModel viewModel = viewModel(100);

        viewModel.actorProperty().set(" MALLORY@example.com ");
        viewModel.apply();
        assertThat(viewModel.events())
                .hasSizeGreaterThanOrEqualTo(FAILED_SIGN_INS)
                .allSatisfy(event -> assertThat(event.actor().email()).isEqualTo(INTRUDER));

        viewModel.clearFilters();
        viewModel.outcomeProperty().set(OutcomeChoice.SUCCESS);
        viewModel.textProperty().set("member");
        viewModel.apply();
        assertThat(viewModel.events()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("group.member.add");
            assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        });

        viewModel.clearFilters();
        viewModel.ipProperty().set("203.0.113.9");
        viewModel.apply();
        assertThat(viewModel.events()).isEmpty();
        assertThat(viewModel.summaryProperty().get()).isEqualTo("0 events");
    }

    @Test
    void lastHour_includesWhatJustHappenedAndClearResetsEveryFilter() {
        AuditViewModel viewModel = viewModel(100);
        viewModel.timeRangeProperty().set(TimeRange.LAST_HOUR);
        viewModel.apply();
        assertThat(viewModel.events()).isNotEmpty();

        viewModel.actorProperty().set("nobody@example.com");
        viewModel.clearFilters();

        assertThat(viewModel.timeRangeProperty().get()).isEqualTo(TimeRange.ALL);
        assertThat(viewModel.actorProperty().get()).isEmpty();
        assertThat(viewModel.actionProperty().get().isAny()).isTrue();
        assertThat(viewModel.events()).isNotEmpty();
    }

    @Test
    void selecting_showsEveryFieldAndTheDiff() {
        AuditViewModel viewModel = viewModel(100);
        viewModel.show(QuickView.ADMIN_CHANGES);
        AuditEvent created = viewModel.events().stream()
                .filter(e -> e.action().equals("user.create") && "user".equals(e.targetType()))
                .filter(e -> e.diff().get("email").after().equals("alan@example.com"))
                .findFirst()
                .orElseThrow();

        viewModel.selectedProperty().set(created);

        assertThat(viewModel.details())
                .contains(
                        new DetailField("Sequence", Long.toString(created.seq())),
                        new DetailField("Actor", TestServer.ADMIN_EMAIL),
                        new DetailField("Action", "user.create"),
                        new DetailField("Outcome", "Success"),
                        new DetailField("Target type", "user"),
                        new DetailField("Source IP", created.sourceIp()));
        assertThat(viewModel.details()).extracting(DetailField::caption).contains("Request id", "Chain hash");
        assertThat(viewModel.changes())
                .containsExactly(
                        new ChangeRow("displayName", "—", "Alan Turing"),
                        new ChangeRow("email", "—", "alan@example.com"),
                        new ChangeRow("role", "—", "USER"));

        viewModel.selectedProperty().set(null);
        assertThat(viewModel.details()).isEmpty();
        assertThat(viewModel.changes()).isEmpty();
    }

    @Test
    void liveTail_putsNewEventsOnTopEveryFewSeconds() {
        AuditViewModel viewModel = viewModel(100);
        viewModel.show(QuickView.FAILED_SIGN_INS);
        int before = viewModel.events().size();

        viewModel.liveTailProperty().set(true);
        assertThat(runner.repeatingPeriods()).containsExactly(Duration.ofSeconds(3));
        failToSignIn();
        runner.tick();

        assertThat(viewModel.events()).hasSize(before + 1);
        AuditPage newest = connection
                .client()
                .audit()
                .events(new AuditQuery(null, null, null, "auth.login.failure", null, null, null, null, null, 1, null));
        assertThat(viewModel.events().getFirst()).isEqualTo(newest.events().getFirst());

        runner.tick();
        assertThat(viewModel.events()).hasSize(before + 1);

        viewModel.liveTailProperty().set(false);
        assertThat(runner.repeatingPeriods()).isEmpty();
    }

    @Test
    void close_stopsTheLiveTail() {
        AuditViewModel viewModel = viewModel(100);
        viewModel.liveTailProperty().set(true);

        viewModel.close();

        assertThat(runner.repeatingPeriods()).isEmpty();
        assertThat(viewModel.liveTailProperty().get()).isFalse();
    }

    @Test
    void verifyNow_showsTheChainVerifiedUpToItsNewestRecord() {
        AuditViewModel viewModel = viewModel(100);

        viewModel.verify();

        long newest = everything(null).getFirst().seq();
        // The verification is itself recorded, after the records it checked.
        assertThat(viewModel.integrityTextProperty().get()).isEqualTo("Verified up to " + (newest - 1));
        assertThat(everything(null).getFirst().action()).isEqualTo("audit.verify");
    }

    @Test
    void signedOut_showsASentenceInsteadOfEvents() {
        AuditViewModel viewModel =
                new AuditViewModel(runner, server.connect(), new DesktopPreferences(dataDirectory), Clock.systemUTC());

        viewModel.open();

        assertThat(viewModel.problemProperty().get()).isEqualTo("You are not signed in.");
        assertThat(viewModel.events()).isEmpty();
        assertThat(viewModel.integrityProperty().get()).isEqualTo(Integrity.UNKNOWN);
        assertThat(viewModel.integrityTextProperty().get()).isEqualTo("Not verified: You are not signed in.");
    }

    @Test
    void severalCheckedActions_areAskedForAtOnce_andNamedLikeTheQuickViewTheyMatch() {
        AuditViewModel viewModel = viewModel(100);

        viewModel
                .actionProperty()
                .set(ActionChoice.checked(
                        List.of(AuditAction.GROUP_CREATE.code(), AuditAction.AUTH_LOGIN_FAILURE.code())));
        viewModel.apply();

        assertThat(viewModel.events())
                .hasSizeGreaterThanOrEqualTo(FAILED_SIGN_INS + 1)
                .extracting(AuditEvent::action)
                .containsOnly("group.create", "auth.login.failure");
        assertThat(viewModel.actionProperty().get().label()).isEqualTo("2 actions");
        assertThat(ActionChoice.checked(QuickView.SECRET_REVEALS.action().codes())
                        .label())
                .isEqualTo("Secret reveals and copies");
        assertThat(ActionChoice.checked(List.of()).isAny()).isTrue();
    }

    @Test
    void quickViews_forNewAddressesAndSecretReveals_askForTheirActions() {
        AuditViewModel viewModel = viewModel(100);

        viewModel.show(QuickView.SECRET_REVEALS);
        assertThat(viewModel.actionProperty().get().codes()).containsExactly("vault.entry.reveal", "vault.entry.copy");
        viewModel.show(QuickView.NEW_ADDRESSES);

        assertThat(viewModel.actionProperty().get().codes()).containsExactly("auth.new-ip");
        assertThat(viewModel.events()).allSatisfy(e -> assertThat(e.action()).isEqualTo("auth.new-ip"));
        assertThat(viewModel.problemProperty().get()).isEmpty();
    }

    @Test
    void theTargetFilter_findsATargetByItsName_withinItsType() {
        AuditViewModel viewModel = viewModel(100);

        AuditEvent created = everything("user.create").stream()
                .filter(e -> e.targetName() != null)
                .findFirst()
                .orElseThrow();

        viewModel.targetTypeProperty().set("user");
        viewModel.targetProperty().set(created.targetName().toUpperCase(java.util.Locale.ROOT));
        viewModel.apply();

        assertThat(viewModel.events()).isNotEmpty().allSatisfy(e -> assertThat(e.targetName())
                .isEqualToIgnoringCase(created.targetName()));
        viewModel.targetTypeProperty().set("group");
        viewModel.apply();
        assertThat(viewModel.events()).isEmpty();
    }

    @Test
    void aTypedPeriod_becomesTheTimeFilter_andABadOneIsRefusedWithAReason() {
        AuditViewModel viewModel = viewModel(100);
        java.time.format.DateTimeFormatter typed =
                java.time.format.DateTimeFormatter.ofPattern(AuditViewModel.DATE_TIME_FORMAT);
        java.time.LocalDateTime hourAgo = java.time.LocalDateTime.now().minusHours(1);

        viewModel.fromTextProperty().set("yesterday");
        viewModel.apply();
        assertThat(viewModel.fromErrorProperty().get()).contains(AuditViewModel.DATE_TIME_FORMAT);
        assertThat(viewModel.appliedFiltersProperty().get()).isNull();

        viewModel.fromTextProperty().set(typed.format(hourAgo));
        viewModel.toTextProperty().set(typed.format(hourAgo.minusHours(1)));
        viewModel.apply();
        assertThat(viewModel.toErrorProperty().get()).isEqualTo("The end must come after the start.");

        viewModel.toTextProperty().set("");
        viewModel.apply();
        assertThat(viewModel.fromErrorProperty().get()).isEmpty();
        assertThat(viewModel.toErrorProperty().get()).isEmpty();
        assertThat(viewModel.filters().timeRange()).isEqualTo(TimeRange.CHOSEN);
        assertThat(viewModel.filters().from())
                .isEqualTo(hourAgo.withSecond(0)
                        .withNano(0)
                        .atZone(java.time.ZoneId.systemDefault())
                        .toInstant());
        assertThat(viewModel.events()).isNotEmpty();

        viewModel.timeRangeProperty().set(TimeRange.LAST_DAY);
        assertThat(viewModel.fromTextProperty().get())
                .as("a preset replaces the typed period")
                .isEmpty();
    }

    @Test
    void theRowActions_filterByTheEventsActorActionTargetAndAddress_andCopyItAsJson() {
        AuditViewModel viewModel = viewModel(100);
        viewModel.show(QuickView.FAILED_SIGN_INS);
        AuditEvent failure = viewModel.events().getFirst();

        viewModel.clearFilters();
        viewModel.filterByActor(failure);
        assertThat(viewModel.actorProperty().get()).isEqualTo(INTRUDER);
        assertThat(viewModel.events())
                .allSatisfy(e -> assertThat(e.actor().email()).isEqualTo(INTRUDER));

        viewModel.clearFilters();
        viewModel.filterByAddress(failure);
        assertThat(viewModel.ipProperty().get()).isEqualTo(failure.sourceIp());
        assertThat(viewModel.events()).allSatisfy(e -> assertThat(e.sourceIp()).isEqualTo(failure.sourceIp()));

        viewModel.filterByAction(failure);
        assertThat(viewModel.actionProperty().get().codes()).containsExactly("auth.login.failure");
        assertThat(viewModel.ipProperty().get()).as("the other filters stay").isEqualTo(failure.sourceIp());

        viewModel.clearFilters();
        AuditEvent created = everything("user.create").getFirst();
        viewModel.filterByTarget(created);
        assertThat(viewModel.targetTypeProperty().get()).isEqualTo("user");
        assertThat(viewModel.events()).allSatisfy(e -> assertThat(e.targetId()).isEqualTo(created.targetId()));

        String json = AuditViewModel.json(failure);
        assertThat(json).contains("\"seq\" : " + failure.seq()).contains("\"action\" : \"auth.login.failure\"");
    }
}
