package dev.bulwark.model.audit;

/** Why an audit chain does not verify. */
public enum ChainProblem {
    /** A record's content does not match its hash: it was changed. */
    HASH_MISMATCH,
    /** A record does not point at its predecessor's hash: records were removed, inserted or reordered. */
    BROKEN_LINK,
    /** A sequence number is missing: a record was deleted. */
    GAP,
    /** Records the trail's head or a checkpoint vouches for are missing: the tail was cut off. */
    TRUNCATED,
    /** A checkpoint's signature is not valid, or it names a hash the record does not have. */
    CHECKPOINT_INVALID,
    /** A checkpoint key was neither introduced by the chain nor made by this server: a key row was inserted. */
    CHECKPOINT_KEY_UNTRUSTED,
    /** More records than the checkpoint interval follow a checkpoint without the next one: it was deleted. */
    CHECKPOINT_MISSING
}
