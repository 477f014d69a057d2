package dev.bulwark.model.vault;

import java.time.Instant;
import java.util.UUID;

/**
 * One kept value of an entry's secret.
 *
 * @param version its number; the highest is the current value
 * @param changedBy who set it (a user id), or {@code null} when that user no longer exists
 * @param changedByEmail their email, when known
 * @param changedAt when
 * @param current whether it is the entry's current value
 */
public record SecretVersion(int version, UUID changedBy, String changedByEmail, Instant changedAt, boolean current) {}
