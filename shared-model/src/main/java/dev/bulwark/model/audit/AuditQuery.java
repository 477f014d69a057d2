package dev.bulwark.model.audit;

import java.time.Instant;

/**
 * Filters for reading the audit trail; every one is optional ({@code null}).
 *
 * @param from events at or after this instant
 * @param to events before this instant
 * @param actor a user id, or an email (exact, ignoring case)
 * @param action an {@link AuditAction} code
 * @param targetType the kind of target
 * @param targetId the target's id
 * @param outcome the outcome
 * @param ip the source IP address
 * @param q free text, matched against actor email, target name, reason and action
 * @param limit at most this many events (default 100, at most 1,000)
 * @param before only events with a sequence number below this (keyset paging)
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
        Long before) {
    /** No filter: the newest events. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, null, null);
    }
}
