package dev.bulwark.model.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One record of the audit trail.
 *
 * @param seq the position in the trail: 1, 2, 3, ... without gaps
 * @param id a unique id
 * @param occurredAt when it happened (UTC, microsecond precision)
 * @param actor who did it
 * @param authMethod how the actor signed in ({@code password}, ...), if known
 * @param sourceIp the caller's IP address, if there was a caller
 * @param client the caller's client description, if there was a caller
 * @param action what was done, as an {@link AuditAction} code
 * @param category the action's category
 * @param targetType the kind of thing acted on ({@code user}, {@code session}, ...), if any
 * @param targetId its id
 * @param targetName its name at the time
 * @param outcome how it ended
 * @param reason a sentence explaining the outcome, if any
 * @param requestId the id of the HTTP request that caused it, if any
 * @param diff changed fields; masked values read {@link AuditChange#MASKED}
 * @param hash SHA-256 over the previous record's hash and this record's canonical form, hex
 */
public record AuditEvent(
        long seq,
        UUID id,
        Instant occurredAt,
        AuditActor actor,
        String authMethod,
        String sourceIp,
        String client,
        String action,
        String category,
        String targetType,
        String targetId,
        String targetName,
        AuditOutcome outcome,
        String reason,
        String requestId,
        Map<String, AuditChange> diff,
        String hash) {}
