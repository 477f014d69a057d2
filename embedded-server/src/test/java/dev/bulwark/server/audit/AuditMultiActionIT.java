package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditHistogram;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.AdminServerFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The action filter with several codes, over real HTTP: events, paging, the timeline and exports. */
class AuditMultiActionIT extends AdminServerFixture {
    private static final String REVEAL = AuditAction.VAULT_ENTRY_REVEAL.code();
    private static final String COPY = AuditAction.VAULT_ENTRY_COPY.code();

    @BeforeEach
    void appendRevealsCopiesAndUpdates() {
        for (int i = 0; i < 30; i++) {
            AuditAction action =
                    switch (i % 3) {
                        case 0 -> AuditAction.VAULT_ENTRY_REVEAL;
                        case 1 -> AuditAction.VAULT_ENTRY_COPY;
                        default -> AuditAction.USER_UPDATE;
                    };
            server.audit()
                    .trail()
                    .recordAlone(AuditRecord.of(action, AuditOutcome.SUCCESS).target("vault-entry", "e" + i, "entry"));
        }
    }

    private static AuditQuery actions(String action, Integer limit, Long before) {
        return new AuditQuery(null, null, null, action, null, null, null, null, null, limit, before);
    }

    @Test
    void severalCodes_matchAnyOfThem_newestFirst_andPageWithoutGapsOrRepeats() {
        List<AuditEvent> firstPage =
                admin.audit().events(actions(REVEAL + "," + COPY, 7, null)).events();
        Long next = admin.audit().events(actions(REVEAL + "," + COPY, 7, null)).nextBefore();
        List<AuditEvent> all =
                admin.audit().events(actions(REVEAL + "," + COPY, 1000, null)).events();
        List<AuditEvent> secondPage =
                admin.audit().events(actions(REVEAL + "," + COPY, 7, next)).events();

        assertThat(all).hasSize(20).allSatisfy(e -> assertThat(e.action()).isIn(REVEAL, COPY));
        assertThat(all).extracting(AuditEvent::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(firstPage)
                .extracting(AuditEvent::seq)
                .containsExactlyElementsOf(
                        all.subList(0, 7).stream().map(AuditEvent::seq).toList());
        assertThat(secondPage)
                .extracting(AuditEvent::seq)
                .containsExactlyElementsOf(
                        all.subList(7, 14).stream().map(AuditEvent::seq).toList());
    }

    @Test
    void aRepeatedParameter_isTheSameFilter_andASingleCodeStillWorks() throws Exception {
        String token = admin.session().orElseThrow().accessToken().reveal();
        HttpResponse<String> repeated =
                get(token, "/api/v1/audit/events?limit=1000&action=" + REVEAL + "&action=" + COPY);
        HttpResponse<String> single = get(token, "/api/v1/audit/events?limit=1000&action=" + REVEAL);

        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(repeated.body().split("\"seq\"")).hasSize(21);
        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(admin.audit().events(actions(REVEAL, 1000, null)).events())
                .hasSize(10)
                .allSatisfy(e -> assertThat(e.action()).isEqualTo(REVEAL));
    }

    @Test
    void theTargetFilter_matchesATargetsIdOrItsNameIgnoringCase_withinItsType() {
        server.audit()
                .trail()
                .recordAlone(AuditRecord.of(AuditAction.VAULT_ENTRY_REVEAL, AuditOutcome.SUCCESS)
                        .target("vault-entry", "e-prod", "Production DB"));
        AuditQuery byName = new AuditQuery(
                null, null, null, null, "vault-entry", null, null, null, null, 100, null, "production db");
        AuditQuery byId = new AuditQuery(null, null, null, null, null, null, null, null, null, 100, null, "e3");
        AuditQuery otherType =
                new AuditQuery(null, null, null, null, "user", null, null, null, null, 100, null, "Production DB");

        assertThat(admin.audit().events(byName).events()).singleElement().satisfies(e -> assertThat(e.targetId())
                .isEqualTo("e-prod"));
        assertThat(admin.audit().events(byId).events()).singleElement().satisfies(e -> assertThat(e.targetId())
                .isEqualTo("e3"));
        assertThat(admin.audit().events(otherType).events()).isEmpty();
    }

    @Test
    void anUnknownCodeAmongSeveral_isAFieldErrorNamingIt() {
        var problem = failure(() -> admin.audit().events(actions(REVEAL + ",vault.entry.steal", 10, null)));

        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(problem.fieldErrors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("action");
            assertThat(e.message()).contains("vault.entry.steal");
        });
    }

    @Test
    void theTimeline_countsEveryCodeOfTheFilter() {
        AuditHistogram both = admin.audit().histogram(actions(REVEAL + "," + COPY, null, null), null);
        AuditHistogram one = admin.audit().histogram(actions(REVEAL, null, null), null);

        assertThat(both.buckets().stream()
                        .mapToLong(AuditHistogram.Bucket::total)
                        .sum())
                .isEqualTo(20);
        assertThat(one.buckets().stream()
                        .mapToLong(AuditHistogram.Bucket::total)
                        .sum())
                .isEqualTo(10);
    }

    @Test
    void csvAndBundleExports_holdTheEventsOfEveryCode() throws Exception {
        Path csv = dir.resolve("reveals.csv");
        Path bundle = dir.resolve("reveals.jsonl");

        long rows = admin.audit()
                .export(actions(REVEAL + "," + COPY, null, null), AuditExportFormat.CSV, csv, n -> {}, () -> false);
        admin.audit()
                .export(
                        actions(REVEAL + "," + COPY, null, null),
                        AuditExportFormat.BUNDLE,
                        bundle,
                        n -> {},
                        () -> false);

        assertThat(rows).isEqualTo(20);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.subList(1, lines.size())).hasSize(20).allSatisfy(line -> assertThat(line)
                .containsAnyOf("," + REVEAL + ",", "," + COPY + ","));
        String text = Files.readString(bundle);
        assertThat(text).contains(REVEAL + "," + COPY);
        AuditEvent exported =
                admin.audit().events(actions("audit.export", 1, null)).events().getFirst();
        assertThat(exported.reason()).contains(REVEAL).contains(COPY);
    }

    @Test
    void aTokenWithoutAudit_isRefusedTheMultiActionQuery() {
        var created = admin.me()
                .tokens()
                .create(new dev.bulwark.model.token.CreateApiTokenRequest(
                        "users only", 7, List.of(dev.bulwark.model.permission.Module.USERS), null));
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), created.value());

        assertThat(failure(() -> script.audit().events(actions(REVEAL + "," + COPY, 10, null)))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
