package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditHistogram;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.problem.ApiException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Counts audit events per time bucket for the review's timeline.
 *
 * <p>A filter on time, action and outcome only is answered from the per-hour summary (buckets of whole hours)
 * or the per-minute summary, kept by {@link AuditTrail} in the appending transaction: a 30-day range reads a
 * few thousand summary rows, not a million events. A user (by id) with whole-hour buckets reads the per-user
 * hourly summary. Any other filter (an email, target, IP, free text, or a user with shorter buckets) counts the
 * matching records themselves, within the sequence numbers of the time range (decision 0015).
 */
final class AuditHistograms {
    static final int MAX_BUCKETS = 2_000;
    private static final List<Duration> NICE_BUCKETS = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(3),
            Duration.ofHours(6),
            Duration.ofHours(12),
            Duration.ofDays(1),
            Duration.ofDays(2),
            Duration.ofDays(7),
            Duration.ofDays(14),
            Duration.ofDays(30));

    private AuditHistograms() {}

    /** The narrowest bucket width that gives at most 120 buckets over {@code range} once aligned. */
    static Duration bucketFor(Duration range) {
        for (Duration d : NICE_BUCKETS) {
            if (range.toSeconds() / d.toSeconds() <= 118) { // aligned to whole buckets: at most 120
                return d;
            }
        }
        long days = Math.ceilDiv(range.toDays() + 1, 120);
        return Duration.ofDays(days);
    }

    static void requireValid(Duration bucket, Instant from, Instant to) {
        if (bucket.toSeconds() < 60 || bucket.toSeconds() % 60 != 0) {
            throw ApiException.invalid("bucket", "Use a bucket of whole minutes, in seconds (60, 300, 3600, ...).");
        }
        if (Duration.between(from, to).toSeconds() / bucket.toSeconds() > MAX_BUCKETS) {
            throw ApiException.invalid(
                    "bucket", "This bucket gives more than " + MAX_BUCKETS + " buckets; choose a wider one.");
        }
    }

    static AuditHistogram count(
            Connection c, AuditRepository repository, AuditQuery q, Instant from, Instant to, Duration bucket)
            throws SQLException {
        long width = bucket.toSeconds();
        long startSecond = Math.floorDiv(from.getEpochSecond(), width) * width;
        long endSecond = Math.ceilDiv(to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0), width) * width;
        Instant start = Instant.ofEpochSecond(startSecond);
        Instant end = Instant.ofEpochSecond(endSecond);
        int n = (int) ((endSecond - startSecond) / width);
        long[] totals = new long[n];
        long[] failures = new long[n];
        AuditRepository.CountSink sink = (at, outcome, count) -> {
            long i = Math.floorDiv(at.getEpochSecond() - startSecond, width);
            if (i >= 0 && i < n) {
                totals[(int) i] += count;
                if (!outcome.equals("SUCCESS")) {
                    failures[(int) i] += count;
                }
            }
        };
        boolean hourly = width % 3600 == 0;
        Optional<UUID> actorId = q.actor() == null ? Optional.empty() : AuditRepository.uuid(q.actor());
        boolean summarized = (q.actor() == null || (actorId.isPresent() && hourly))
                && q.targetType() == null
                && q.targetId() == null
                && q.target() == null
                && q.ip() == null
                && (q.q() == null || q.q().isBlank());
        if (summarized) {
            repository.summaryCounts(
                    c,
                    hourly,
                    start,
                    end,
                    actorId.orElse(null),
                    q.actions(),
                    q.outcome() == null ? null : q.outcome().name(),
                    sink);
        } else {
            AuditQuery aligned = new AuditQuery(
                    start,
                    end,
                    q.actor(),
                    q.action(),
                    q.targetType(),
                    q.targetId(),
                    q.outcome(),
                    q.ip(),
                    q.q(),
                    null,
                    null,
                    q.target());
            repository.matchingTimes(c, aligned, repository.seqRange(c, aligned), sink);
        }
        List<AuditHistogram.Bucket> buckets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            buckets.add(new AuditHistogram.Bucket(start.plusSeconds(i * width), totals[i], failures[i]));
        }
        return new AuditHistogram(start, end, bucket, buckets);
    }
}
