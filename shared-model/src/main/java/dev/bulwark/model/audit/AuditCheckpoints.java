package dev.bulwark.model.audit;

import java.util.List;
import java.util.Map;

/**
 * The trail's signed checkpoints, newest first, and the public keys that verify them.
 *
 * @param checkpoints the checkpoints, highest sequence number first
 * @param keys a JWK set ({@code {"keys":[...]}}) with the public checkpoint keys
 */
public record AuditCheckpoints(List<AuditCheckpoint> checkpoints, Map<String, Object> keys) {}
