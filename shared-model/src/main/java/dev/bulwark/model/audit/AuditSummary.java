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
 * @param failedSignIns failed sign-ins hour by hour over the same period, and where most of them came from
 */
public record AuditSummary(
        Instant from, Instant to, int bucketHours, List<Series> series, FailedSignIns failedSignIns) {
    public AuditSummary {
        series = List.copyOf(series);
    }

    /**
     * Failed sign-ins ({@code auth.login.failure} and {@code auth.mfa.failure}) of the period.
     *
     * @param hourly how many in each hour from {@link AuditSummary#from()}, oldest first; the last hour runs up to
     *     {@link AuditSummary#to()}
     * @param topAddresses the source addresses with the most of them, most first (at most 5)
     * @param topAccounts the accounts (the email tried, in lower case) with the most of them, most first (at most 5)
     */
    public record FailedSignIns(List<Long> hourly, List<Source> topAddresses, List<Source> topAccounts) {
        public FailedSignIns {
            hourly = List.copyOf(hourly);
            topAddresses = List.copyOf(topAddresses);
            topAccounts = List.copyOf(topAccounts);
        }
    }

    /**
     * An address or account and its count.
     *
     * @param value the address, or the email
     * @param total how many failed sign-ins came from it in the period
     */
    public record Source(String value, long total) {}

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
