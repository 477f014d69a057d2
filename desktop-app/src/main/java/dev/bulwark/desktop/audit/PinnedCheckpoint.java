package dev.bulwark.desktop.audit;

import java.time.Instant;

/**
 * The newest point of a server's audit chain this console has seen verified: a later history must still hold
 * record {@code seq} with hash {@code hash}, or it was rewritten or cut.
 *
 * @param seq the record's sequence number
 * @param hash the record's chain hash, hex
 * @param verifiedAt when the chain up to it was verified
 */
public record PinnedCheckpoint(long seq, String hash, Instant verifiedAt) {}
