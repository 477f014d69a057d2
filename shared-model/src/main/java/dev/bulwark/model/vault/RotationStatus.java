package dev.bulwark.model.vault;

import java.util.List;

/**
 * The progress of a data key rotation: done when every value is under the primary key.
 *
 * @param primaryKeyId the key new values are encrypted with
 * @param running whether values remain under an older key
 * @param remaining values not yet under the primary key
 * @param keys every key of the data key set with its count of values
 */
public record RotationStatus(long primaryKeyId, boolean running, long remaining, List<KeyUsage> keys) {}
