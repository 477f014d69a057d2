package dev.bulwark.desktop.audit;

import java.time.Instant;

/**
 * One set of the audit page's filters, as a person chose them; what a saved view keeps.
 *
 * @param timeRange a preset, or {@link TimeRange#CHOSEN} for {@code from}–{@code to}
 * @param from the start of a chosen period (inclusive); {@code null} for a preset
 * @param to the end of a chosen period (exclusive); {@code null} for a preset
 * @param action the action filter
 * @param outcome the outcome filter
 * @param actor an actor's email or id; empty for any
 * @param ip a source IP; empty for any
 * @param text free text; empty for none
 * @param targetType the kind of target ({@code user}, {@code group}, {@code vault-entry}, …); empty for any
 * @param target a target's id or name; empty for any
 */
public record AuditFilters(
        TimeRange timeRange,
        Instant from,
        Instant to,
        ActionChoice action,
        OutcomeChoice outcome,
        String actor,
        String ip,
        String text,
        String targetType,
        String target) {
    /** Filters without a target filter, as views saved before it existed read. */
    public AuditFilters(
            TimeRange timeRange,
            Instant from,
            Instant to,
            ActionChoice action,
            OutcomeChoice outcome,
            String actor,
            String ip,
            String text) {
        this(timeRange, from, to, action, outcome, actor, ip, text, "", "");
    }

    public AuditFilters {
        timeRange = timeRange == null ? TimeRange.ALL : timeRange;
        if (timeRange != TimeRange.CHOSEN) {
            from = null;
            to = null;
        } else if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("A chosen period needs a start before its end");
        }
        action = action == null ? ActionChoice.any() : action;
        outcome = outcome == null ? OutcomeChoice.ANY : outcome;
        actor = actor == null ? "" : actor;
        ip = ip == null ? "" : ip;
        text = text == null ? "" : text;
        targetType = targetType == null ? "" : targetType;
        target = target == null ? "" : target;
    }

    /** No filter at all: every event of all time. */
    public static AuditFilters none() {
        return new AuditFilters(TimeRange.ALL, null, null, null, null, "", "", "", "", "");
    }

    /** These filters over the period {@code from}–{@code to} instead of their time range. */
    public AuditFilters during(Instant start, Instant end) {
        return new AuditFilters(TimeRange.CHOSEN, start, end, action, outcome, actor, ip, text, targetType, target);
    }
}
