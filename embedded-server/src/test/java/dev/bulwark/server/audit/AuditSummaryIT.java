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
    void aUserWithoutAuditRead_isRefused_andAnUnknownPeriodIsAFieldError() {
        IdentityFixtures.createUser(admin, "cy@example.com", "Cy", Role.USER);
        BulwarkClient cy = IdentityFixtures.signIn(server, "cy@example.com");

        assertThat(failure(() -> cy.audit().summary("24h")).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> admin.audit().summary("30d")).fieldErrors())
                .singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("period"));
    }
}
