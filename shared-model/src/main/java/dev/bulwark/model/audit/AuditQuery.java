package dev.bulwark.model.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Filters for reading the audit trail; every one is optional ({@code null}).
 *
 * @param from events at or after this instant
 * @param to events before this instant
 * @param actor a user id, or an email (exact, ignoring case)
 * @param action an {@link AuditAction} code, or several separated by commas (any of them matches)
 * @param targetType the kind of target
 * @param targetId the target's id
 * @param outcome the outcome
 * @param ip the source IP address
 * @param q free text, matched against actor email, target name, reason and action
 * @param limit at most this many events (default 100, at most 1,000)
 * @param before only events with a sequence number below this (keyset paging)
 * @param target a target's id, or its name (exact, ignoring case)
 */
public record AuditQuery(
        Instant from,
        Instant to,
        String actor,
        String action,
        String targetType,
        String targetId,
        AuditOutcome outcome,
        String ip,
        String q,
        Integer limit,
        Long before,
        String target) {
    /** Filters without the target filter. */
    public AuditQuery(
            Instant from,
            Instant to,
            String actor,
            String action,
            String targetType,
            String targetId,
            AuditOutcome outcome,
            String ip,
            String q,
            Integer limit,
            Long before) {
        this(from, to, actor, action, targetType, targetId, outcome, ip, q, limit, before, null);
    }

    /** The action codes of {@link #action()}, in order, without blanks; empty for any action. */
    public List<String> actions() {
        if (action == null) {
            return List.of();
        }
        return Arrays.stream(action.split(","))
                .map(String::strip)
                .filter(code -> !code.isEmpty())
                .distinct()
                .toList();
    }

    /** These filters with the action filter {@code codes} (any action when empty). */
    public AuditQuery withActions(List<String> codes) {
        return new AuditQuery(
                from,
                to,
                actor,
                codes.isEmpty() ? null : String.join(",", codes),
                targetType,
                targetId,
                outcome,
                ip,
                q,
                limit,
                before,
                target);
    }

    /** No filter: the newest events. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
