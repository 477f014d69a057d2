package dev.bulwark.model.audit;

import java.time.Instant;
import java.util.List;

/**
 * What happened recently, at a glance: for each kind of security event, how many there were and how they spread
 * over the period ({@code GET /api/v1/audit/summary}).
 *
 * @param from the start of the first bucket (whole hours, UTC)
 * @param to when the summary was made; the last bucket runs up to it
 * @param bucketHours the width of each bucket
 * @param series one per kind of event, in a fixed order
 */
public record AuditSummary(Instant from, Instant to, int bucketHours, List<Series> series) {
    public AuditSummary {
        series = List.copyOf(series);
    }

    /**
     * One kind of event.
     *
     * @param key a stable name: {@code failed-sign-ins}, {@code lockouts}, {@code new-addresses},
     *     {@code permission-denials}, {@code secret-reveals}, {@code admin-changes}
     * @param label what the console shows
     * @param total how many in the whole period
     * @param buckets how many in each bucket, oldest first
     * @param actions the action codes counted (an action ending in {@code .*} stands for every action under it)
     */
    public record Series(String key, String label, long total, List<Long> buckets, List<String> actions) {
        public Series {
            buckets = List.copyOf(buckets);
            actions = List.copyOf(actions);
        }
    }
}
