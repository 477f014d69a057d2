package dev.bulwark.model.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many audit events fall into each time bucket of a filtered range, for the review's timeline.
 *
 * @param from the start of the first bucket (inclusive)
 * @param to the end of the last bucket (exclusive)
 * @param bucket the width of every bucket
 * @param buckets every bucket from {@code from} to {@code to} in time order, empty ones included
 */
public record AuditHistogram(Instant from, Instant to, Duration bucket, List<AuditHistogram.Bucket> buckets) {
    /**
     * One bucket.
     *
     * @param start the bucket's start (inclusive); it ends where the next one starts
     * @param total the events in it
     * @param failures those of them whose outcome is {@link AuditOutcome#FAILURE} or {@link AuditOutcome#DENIED}
     */
    public record Bucket(Instant start, long total, long failures) {}
}
