package dev.bulwark.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.model.Json;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * An audit record exactly as stored, and its place in the chain.
 *
 * <p>The <b>canonical form</b> that is hashed lists the fields below in this fixed order, each written as
 * {@code <length in UTF-8 bytes>:<value>\n}, or {@code ~\n} for a missing value: seq, id, occurred_at
 * (ISO-8601 UTC, microseconds), actor_kind, actor_id, actor_email, auth_method, source_ip, client, action,
 * target_type, target_id, target_name, outcome, reason, request_id, diff (the stored JSON text). The record's
 * {@code hash} is {@code SHA-256(previous hash as 32 bytes ‖ canonical form)} in lower-case hex; the first
 * record's previous hash is 32 zero bytes. Length prefixes make the form unambiguous whatever the values
 * contain.
 */
record StoredAuditEvent(
        long seq,
        UUID id,
        Instant occurredAt,
        String actorKind,
        UUID actorId,
        String actorEmail,
        String authMethod,
        String sourceIp,
        String client,
        String action,
        String targetType,
        String targetId,
        String targetName,
        String outcome,
        String reason,
        String requestId,
        String diff,
        String prevHash,
        String hash) {
    static final String GENESIS_HASH = "0".repeat(64);
    private static final TypeReference<Map<String, AuditChange>> DIFF_TYPE = new TypeReference<>() {};

    /** The canonical form described above. */
    byte[] canonical() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        field(out, Long.toString(seq));
        field(out, text(id));
        field(out, DateTimeFormatter.ISO_INSTANT.format(occurredAt));
        field(out, actorKind);
        field(out, text(actorId));
        field(out, actorEmail);
        field(out, authMethod);
        field(out, sourceIp);
        field(out, client);
        field(out, action);
        field(out, targetType);
        field(out, targetId);
        field(out, targetName);
        field(out, outcome);
        field(out, reason);
        field(out, requestId);
        field(out, diff);
        return out.toByteArray();
    }

    /** The chain hash of this record's content after {@code previousHash}. */
    String computeHash(String previousHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(previousHash));
            return HexFormat.of().formatHex(sha.digest(canonical()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The record as the API shows it. */
    AuditEvent toEvent() {
        AuditAction known = AuditAction.fromCode(action).orElse(null);
        return new AuditEvent(
                seq,
                id,
                occurredAt,
                new AuditActor(AuditActor.Kind.valueOf(actorKind), actorId, actorEmail),
                authMethod,
                sourceIp,
                client,
                action,
                known == null ? null : known.category().name(),
                targetType,
                targetId,
                targetName,
                AuditOutcome.valueOf(outcome),
                reason,
                requestId,
                parseDiff(diff),
                hash);
    }

    static String diffJson(Map<String, AuditChange> changes) {
        try {
            return Json.lenient().writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit diff could not be written", e);
        }
    }

    private static Map<String, AuditChange> parseDiff(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.lenient().readValue(json, DIFF_TYPE);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes("~\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        out.write('\n');
    }

    private static String text(UUID value) {
        return value == null ? null : value.toString();
    }
}
