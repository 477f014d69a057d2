package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditSummary;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.IdentityFixtures;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Dashboard's summary over real HTTP: what it counts, its buckets, and who may read it. */
class AuditSummaryIT extends AdminServerFixture {
    private static Map<String, AuditSummary.Series> byKey(AuditSummary summary) {
        return summary.series().stream().collect(Collectors.toMap(AuditSummary.Series::key, Function.identity()));
    }

    private void failToSignIn(int times) {
        BulwarkClient anonymous = new BulwarkClient(server.baseUri());
        for (int i = 0; i < times; i++) {
            failure(() -> anonymous.auth().login(new LoginRequest("mallory@example.com", Secret.of("guess " + 1))));
        }
    }

    @Test
    void theLast24Hours_countEachKindOfSecurityEvent_inHourlyBuckets_endingWithThisHour() {
        long failedBefore =
                byKey(admin.audit().summary("24h")).get("failed-sign-ins").total();
        failToSignIn(3);
        IdentityFixtures.createUser(admin, "ben@example.com", "Ben", Role.USER);
        BulwarkClient ben = IdentityFixtures.signIn(server, "ben@example.com");
        failure(() -> ben.audit().summary("24h"));

        AuditSummary summary = admin.audit().summary("24h");

        Map<String, AuditSummary.Series> series = byKey(summary);
        assertThat(series.keySet())
                .containsExactlyInAnyOrder(
                        "failed-sign-ins",
                        "lockouts",
                        "new-addresses",
                        "permission-denials",
                        "secret-reveals",
                        "admin-changes");
        assertThat(summary.bucketHours()).isEqualTo(1);
        assertThat(series.get("failed-sign-ins").total()).isEqualTo(failedBefore + 3);
        assertThat(series.get("failed-sign-ins").buckets()).hasSize(24);
        assertThat(series.get("failed-sign-ins").buckets().getLast())
                .as("this hour")
                .isGreaterThanOrEqualTo(3);
        assertThat(series.get("permission-denials").total())
                .as("ben's refused read")
                .isGreaterThanOrEqualTo(1);
        assertThat(series.get("admin-changes").total()).as("ben's creation").isGreaterThanOrEqualTo(1);
        assertThat(series.get("admin-changes").actions()).containsExactly("user.*", "group.*");
        assertThat(Duration.between(summary.from(), summary.to())).isLessThanOrEqualTo(Duration.ofHours(24));
        for (AuditSummary.Series s : summary.series()) {
            assertThat(s.buckets().stream().mapToLong(Long::longValue).sum())
                    .as(s.key())
                    .isEqualTo(s.total());
        }
    }

    @Test
    void sevenDays_come_inSixHourBuckets() {
        failToSignIn(2);

        AuditSummary week = admin.audit().summary("7d");

        assertThat(week.bucketHours()).isEqualTo(6);
        assertThat(byKey(week).get("failed-sign-ins").buckets()).hasSize(28);
        assertThat(byKey(week).get("failed-sign-ins").total()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void failedSignIns_comeHourByHour_withTheAddressesAndAccountsMostOfThemCameFrom() {
        for (int i = 0; i < 4; i++) {
            server.audit()
                    .trail()
                    .recordAlone(AuditRecord.of(
                                    dev.bulwark.model.audit.AuditAction.AUTH_LOGIN_FAILURE,
                                    dev.bulwark.model.audit.AuditOutcome.DENIED)
                            .anonymous(i < 3 ? "Mallory@Example.com" : "trudy@example.com")
                            .from(new dev.bulwark.server.http.ClientInfo(i < 3 ? "203.0.113.9" : "198.51.100.4", "t")));
        }
        failToSignIn(1);

        AuditSummary day = admin.audit().summary("24h");
        AuditSummary week = admin.audit().summary("7d");

        AuditSummary.FailedSignIns failed = day.failedSignIns();
        assertThat(failed.hourly()).hasSize(24);
        assertThat(failed.hourly().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(byKey(day).get("failed-sign-ins").total());
        assertThat(failed.topAccounts().getFirst()).isEqualTo(new AuditSummary.Source("mallory@example.com", 4));
        assertThat(failed.topAccounts()).contains(new AuditSummary.Source("trudy@example.com", 1));
        assertThat(failed.topAddresses().getFirst()).isEqualTo(new AuditSummary.Source("203.0.113.9", 3));
        assertThat(failed.topAddresses()).contains(new AuditSummary.Source("198.51.100.4", 1));
        assertThat(week.failedSignIns().hourly())
                .as("hour by hour over the week, whatever the width of the tiles' buckets")
                .hasSizeBetween(163, 168);
        assertThat(week.failedSignIns().topAccounts().getFirst().total()).isEqualTo(4);
    }

    @Test
    void auditReadAlone_readsTheSummary_butATokenNarrowedAwayFromAudit_isRefused() {
        java.util.UUID officer = IdentityFixtures.createUser(admin, "officer@example.com", "Officer", Role.USER)
                .user()
                .id();
        admin.users()
                .setGrants(
                        officer,
                        new dev.bulwark.model.permission.Grants(Map.of(
                                dev.bulwark.model.permission.Module.AUDIT,
                                dev.bulwark.model.permission.AccessLevel.READ)));
        BulwarkClient officerClient = IdentityFixtures.signIn(server, "officer@example.com");
        var narrowed = admin.me()
                .tokens()
                .create(new dev.bulwark.model.token.CreateApiTokenRequest(
                        "groups only", 7, java.util.List.of(dev.bulwark.model.permission.Module.GROUPS), null));
        BulwarkClient script = BulwarkClient.withApiToken(server.baseUri(), narrowed.value());

        assertThat(officerClient.audit().summary("7d").series()).hasSize(6);
        assertThat(failure(() -> script.audit().summary("24h")).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> script.audit().events(dev.bulwark.model.audit.AuditQuery.all()))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void aUserWithoutAuditRead_isRefused_andAnUnknownPeriodIsAFieldError() {
        IdentityFixtures.createUser(admin, "cy@example.com", "Cy", Role.USER);
        BulwarkClient cy = IdentityFixtures.signIn(server, "cy@example.com");

        assertThat(failure(() -> cy.audit().summary("24h")).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> admin.audit().summary("30d")).fieldErrors())
                .singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("period"));
    }
}
