package dev.bulwark.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.server.ServerSettings;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The records by which the chain states its own trust rules (decision 0028): which checkpoint key signs
 * ({@code audit.checkpoint-key.create}: the key id as target, its RFC 7638 thumbprint and the checkpoint interval
 * in the diff) and how many records may pass between two checkpoints ({@code audit.checkpoint-interval.change}).
 * Verifiers read them as they walk the chain; everything else costs them one string comparison per record.
 */
final class CheckpointPolicy {
    static final String KEY_CREATE = AuditAction.AUDIT_CHECKPOINT_KEY_CREATE.code();
    static final String INTERVAL_CHANGE = AuditAction.AUDIT_CHECKPOINT_INTERVAL_CHANGE.code();
    static final String KEY_TARGET = "audit-checkpoint-key";
    static final String THUMBPRINT = "thumbprint";
    static final String INTERVAL = "checkpointInterval";
    /**
     * The interval in force where the chain has stated none: the server's default ({@code audit.checkpoint-interval}).
     * A trail written before the chain stated its interval, with a larger one configured, reads as missing
     * checkpoints; decision 0028 says so.
     */
    static final int DEFAULT_INTERVAL = ServerSettings.AuditSettings.DEFAULT_CHECKPOINT_INTERVAL;

    private static final Set<String> CLEAR = Set.of(THUMBPRINT, INTERVAL);

    private CheckpointPolicy() {}

    /** Whether a record with {@code action} states a trust rule (one of the two actions). */
    static boolean states(String action) {
        return KEY_CREATE.equals(action) || INTERVAL_CHANGE.equals(action);
    }

    /** The record that introduces key {@code keyId} with {@code thumbprint}, checkpointing every {@code interval}. */
    static AuditRecord keyCreated(String keyId, String thumbprint, int interval) {
        return AuditRecord.of(AuditAction.AUDIT_CHECKPOINT_KEY_CREATE, AuditOutcome.SUCCESS)
                .target(KEY_TARGET, keyId, "checkpoint key " + keyId)
                .reason("A new key signs the audit trail's checkpoints.")
                .diff(AuditDiff.forEntity(CLEAR)
                        .change(THUMBPRINT, null, thumbprint)
                        .change(INTERVAL, null, Integer.toString(interval)));
    }

    /** The record that changes the checkpoint interval. */
    static AuditRecord intervalChanged(OptionalInt before, int after) {
        return AuditRecord.of(AuditAction.AUDIT_CHECKPOINT_INTERVAL_CHANGE, AuditOutcome.SUCCESS)
                .target("audit-trail", null, "audit trail")
                .reason("The audit trail is now checkpointed every " + after + " records.")
                .diff(AuditDiff.forEntity(CLEAR)
                        .change(INTERVAL, before.isPresent() ? Integer.toString(before.getAsInt()) : null, "" + after));
    }

    /** The checkpoint interval a policy record's diff sets, if it names one. */
    static OptionalInt interval(String diff) {
        return newValue(diff, INTERVAL)
                .flatMap(text -> {
                    try {
                        int n = Integer.parseInt(text);
                        return n > 0 ? Optional.of(n) : Optional.empty();
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    /** The thumbprint a key record's diff names, if any. */
    static Optional<String> thumbprint(String diff) {
        return newValue(diff, THUMBPRINT);
    }

    private static Optional<String> newValue(String diff, String field) {
        if (diff == null) {
            return Optional.empty();
        }
        try {
            JsonNode value = Json.lenient().readTree(diff).path(field).path("new");
            return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
