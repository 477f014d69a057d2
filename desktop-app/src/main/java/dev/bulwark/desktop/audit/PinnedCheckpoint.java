package dev.bulwark.desktop.audit;

import java.time.Instant;
import java.util.Map;

/**
 * The newest point of a server's audit chain this console has seen verified: a later history must still hold
 * record {@code seq} with hash {@code hash}, or it was rewritten or cut; and its checkpoints must be signed by
 * the keys seen before, or someone else signs them (decision 0028).
 *
 * @param seq the record's sequence number
 * @param hash the record's chain hash, hex
 * @param verifiedAt when the chain up to it was verified
 * @param checkpointKeys the checkpoint keys seen signing this server's checkpoints: key id to RFC 7638 thumbprint
 */
public record PinnedCheckpoint(long seq, String hash, Instant verifiedAt, Map<String, String> checkpointKeys) {
    public PinnedCheckpoint {
        checkpointKeys = checkpointKeys == null ? Map.of() : Map.copyOf(checkpointKeys);
    }

    /** A pin that has seen no checkpoint key yet (one written before keys were pinned reads the same). */
    public PinnedCheckpoint(long seq, String hash, Instant verifiedAt) {
        this(seq, hash, verifiedAt, Map.of());
    }
}
