package dev.bulwark.server.forward;

import java.time.Instant;
import java.util.UUID;

/** A destination's durable cursor and the outcome of its last attempts. */
record StoredCursor(
        UUID destinationId,
        long lastSeq,
        Instant deliveredAt,
        Instant attemptedAt,
        int failures,
        String lastError,
        Instant lastErrorAt) {
    static StoredCursor start(UUID destinationId) {
        return new StoredCursor(destinationId, 0, null, null, 0, null, null);
    }
}
