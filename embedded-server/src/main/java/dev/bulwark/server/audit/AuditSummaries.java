package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The Dashboard's "what happened" summary, read from the hourly counts the trail keeps as it appends: a few
 * thousand rows for a week whatever the size of the trail, so it costs the same at ten or ten million events.
 */
final class AuditSummaries {
    /** A kind of security event and the actions that count as it. */
    private record Kind(String key, String label, List<String> actions) {
        boolean counts(String action) {
            for (String a : actions) {
                if (a.endsWith(".*") ? action.startsWith(a.substring(0, a.length() - 1)) : action.equals(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(
                    "failed-sign-ins",
                    "Failed sign-ins",
                    List.of(AuditAction.AUTH_LOGIN_FAILURE.code(), AuditAction.AUTH_MFA_FAILURE.code())),
            new Kind("lockouts", "Lockouts", List.of(AuditAction.AUTH_LOCKOUT.code())),
            new Kind("new-addresses", "New addresses", List.of(AuditAction.AUTH_NEW_IP.code())),
            new Kind("permission-denials", "Permission denials", List.of(AuditAction.PERMISSION_DENIED.code())),
            new Kind(
                    "secret-reveals",
                    "Secret reveals and copies",
                    List.of(AuditAction.VAULT_ENTRY_REVEAL.code(), AuditAction.VAULT_ENTRY_COPY.code())),
            new Kind("admin-changes", "Admin changes", List.of("user.*", "group.*")));

    /** The actions that count as failed sign-ins, also counted per address and account. */
    static final java.util.Set<String> FAILED_SIGN_INS =
            java.util.Set.of(AuditAction.AUTH_LOGIN_FAILURE.code(), AuditAction.AUTH_MFA_FAILURE.code());

    /** How many addresses and accounts the summary names. */
    static final int TOP = 5;

    private AuditSummaries() {}

    /** The periods the Dashboard offers and their bucket widths: 24 hourly buckets, or 28 of six hours. */
    static int bucketHours(Duration period) {
        return period.toHours() <= 24 ? 1 : 6;
    }

    /**
     * Adds the hourly counts since {@code from} up into buckets of {@code bucketHours} hours per kind.
     *
     * @param from the start of the first bucket, a whole hour
     */
    static AuditSummary summarise(
            List<AuditRepository.HourCount> counts,
            List<AuditRepository.SourceCount> topAddresses,
            List<AuditRepository.SourceCount> topAccounts,
            Instant from,
            Instant now,
            int bucketHours) {
        int buckets = (int) Math.max(1, (Duration.between(from, now).toHours() + bucketHours) / bucketHours);
        List<long[]> perKind = new ArrayList<>();
        for (int k = 0; k < KINDS.size(); k++) {
            perKind.add(new long[buckets]);
        }
        long[] hourly = new long[(int) Math.max(1, Duration.between(from, now).toHours() + 1)];
        for (AuditRepository.HourCount count : counts) {
            int hour = (int) Duration.between(from, count.hour()).toHours();
            if (hour >= 0 && hour < hourly.length && FAILED_SIGN_INS.contains(count.action())) {
                hourly[hour] += count.total();
            }
            int bucket = (int) (Duration.between(from, count.hour()).toHours() / bucketHours);
            if (bucket < 0 || bucket >= buckets) {
                continue;
            }
            for (int k = 0; k < KINDS.size(); k++) {
                if (KINDS.get(k).counts(count.action())) {
                    perKind.get(k)[bucket] += count.total();
                }
            }
        }
        List<AuditSummary.Series> series = new ArrayList<>();
        for (int k = 0; k < KINDS.size(); k++) {
            Kind kind = KINDS.get(k);
            long[] values = perKind.get(k);
            List<Long> boxed = new ArrayList<>(values.length);
            long total = 0;
            for (long v : values) {
                boxed.add(v);
                total += v;
            }
            series.add(new AuditSummary.Series(kind.key(), kind.label(), total, boxed, kind.actions()));
        }
        return new AuditSummary(
                from,
                now,
                bucketHours,
                series,
                new AuditSummary.FailedSignIns(
                        java.util.Arrays.stream(hourly).boxed().toList(), sources(topAddresses), sources(topAccounts)));
    }

    private static List<AuditSummary.Source> sources(List<AuditRepository.SourceCount> counts) {
        return counts.stream()
                .map(c -> new AuditSummary.Source(c.source(), c.total()))
                .toList();
    }

    /** The start of the first bucket of a summary of {@code period} ending at {@code now}: whole hours. */
    static Instant start(Instant now, Duration period, int bucketHours) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        long bucketsBack = period.toHours() / bucketHours - 1;
        return hour.minus(Duration.ofHours(hour.getEpochSecond() / 3600 % bucketHours))
                .minus(Duration.ofHours(bucketsBack * bucketHours));
    }
}
