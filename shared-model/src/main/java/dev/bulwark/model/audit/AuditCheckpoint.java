package dev.bulwark.model.audit;

import java.time.Instant;

/**
 * A signed statement that the trail's record {@code seq} has hash {@code hash}.
 *
 * @param seq the sequence number covered
 * @param hash that record's chain hash, hex
 * @param createdAt when the checkpoint was made
 * @param keyId the id of the ES256 key that signed it (see {@link AuditCheckpoints#keys()})
 * @param signature a compact JWS (ES256) whose payload is {@code {"seq":..,"hash":..,"createdAt":..}}
 */
public record AuditCheckpoint(long seq, String hash, Instant createdAt, String keyId, String signature) {}
