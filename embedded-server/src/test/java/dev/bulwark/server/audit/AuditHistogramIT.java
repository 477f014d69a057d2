package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditHistogram;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.AdminServerFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditHistogramIT extends AdminServerFixture {
    private Instant start;

    @BeforeEach
    void appendRecords() {
        start = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < 30; i++) {
            server.audit()
                    .trail()
                    .recordAlone(
                            i % 3 == 0
                                    ? AuditRecord.of(AuditAction.AUTH_LOGIN_FAILURE, AuditOutcome.DENIED)
                                            .anonymous("guess@example.com")
                                            .reason("attempt " + i)
                                    : AuditRecord.of(AuditAction.USER_UPDATE, AuditOutcome.SUCCESS)
                                            .target("user", null, "user " + i));
        }
    }

    @Test
    void minuteAndHourBuckets_countEveryEvent_andTheFailuresApart() {
        List<AuditEvent> all = admin.audit().events(query(null, null, null)).events();
        long failures =
                all.stream().filter(e -> e.outcome() != AuditOutcome.SUCCESS).count();

        AuditHistogram minutes = admin.audit().histogram(query(null, null, null), Duration.ofMinutes(1));
        AuditHistogram hours = admin.audit().histogram(query(null, null, null), Duration.ofHours(1));

        assertThat(total(minutes)).isEqualTo(all.size());
        assertThat(failures(minutes)).isEqualTo(failures).isEqualTo(10);
        assertThat(total(hours)).isEqualTo(all.size());
        assertThat(failures(hours)).isEqualTo(failures);
        assertThat(minutes.bucket()).isEqualTo(Duration.ofMinutes(1));
        assertThat(minutes.from()).isBeforeOrEqualTo(start);
        assertThat(minutes.buckets().getFirst().start()).isEqualTo(minutes.from());
        assertThat(minutes.buckets().getLast().start().plus(minutes.bucket())).isEqualTo(minutes.to());
    }

    @Test
    void actionAndOutcome_fromTheSummaries_agreeWithAnActorOrTextFilter_countedFromTheRecords() {
        AuditHistogram byAction = admin.audit().histogram(query("auth.login.failure", AuditOutcome.DENIED, null), null);
        AuditHistogram byActor = admin.audit().histogram(query(null, null, "guess@example.com"), null);
        AuditHistogram byText = admin.audit()
                .histogram(
                        new AuditQuery(start, null, null, null, null, null, null, null, "attempt", null, null), null);

        assertThat(total(byAction)).isEqualTo(10);
        assertThat(failures(byAction)).isEqualTo(10);
        assertThat(total(byActor)).isEqualTo(10);
        assertThat(total(byText)).isEqualTo(10);
    }

    @Test
    void aUsersHourlyTimeline_fromTheirSummary_agreesWithCountingTheirRecords() {
        var me = admin.me().get();
        for (int i = 0; i < 7; i++) {
            server.audit()
                    .trail()
                    .recordAlone(
                            AuditRecord.of(AuditAction.USER_UPDATE, i < 2 ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS)
                                    .actor(me)
                                    .target("user", null, "user " + i));
        }
        AuditQuery mine = query(null, null, adminId.toString());
        long recorded = admin.audit().events(mine).events().size();

        AuditHistogram hours = admin.audit().histogram(mine, Duration.ofHours(1));
        AuditHistogram minutes = admin.audit().histogram(mine, Duration.ofMinutes(1));

        assertThat(total(hours)).isEqualTo(recorded).isEqualTo(total(minutes)).isGreaterThanOrEqualTo(7);
        assertThat(failures(hours)).isEqualTo(2).isEqualTo(failures(minutes));
    }

    @Test
    void withoutABucket_theServerChoosesOneForSixtyToOneHundredTwentyBars() {
        Instant now = Instant.now();
        for (Duration range :
                List.of(Duration.ofDays(30), Duration.ofDays(1), Duration.ofHours(3), Duration.ofDays(365))) {
            AuditHistogram h = admin.audit()
                    .histogram(
                            new AuditQuery(now.minus(range), now, null, null, null, null, null, null, null, null, null),
                            null);

            assertThat(h.buckets()).as(range.toString()).hasSizeBetween(40, 120);
        }
    }

    @Test
    void aBucketOfPartMinutes_orTooManyBuckets_isRefused() {
        ApiException partMinute =
                failure(() -> admin.audit().histogram(query(null, null, null), Duration.ofSeconds(90)));
        ApiException tooMany = failure(() -> admin.audit()
                .histogram(
                        new AuditQuery(
                                Instant.now().minus(Duration.ofDays(30)),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        Duration.ofMinutes(1)));

        assertThat(partMinute.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(tooMany.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(tooMany.fieldErrors().getFirst().field()).isEqualTo("bucket");
    }

    private AuditQuery query(String action, AuditOutcome outcome, String actor) {
        return new AuditQuery(start, null, actor, action, null, null, outcome, null, null, 1_000, null);
    }

    private static long total(AuditHistogram h) {
        return h.buckets().stream().mapToLong(AuditHistogram.Bucket::total).sum();
    }

    private static long failures(AuditHistogram h) {
        return h.buckets().stream().mapToLong(AuditHistogram.Bucket::failures).sum();
    }
}
