package dev.bulwark.model.vault;

import dev.bulwark.model.permission.AccessLevel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An entry in a list or search result: no secret, notes or custom field values.
 *
 * @param access the caller's access to the entry: {@code READ} or {@code WRITE}
 */
public record VaultEntrySummary(
        UUID id,
        String name,
        EntryKind kind,
        String username,
        String url,
        List<String> tags,
        LocalDate expiresOn,
        Instant updatedAt,
        Instant deletedAt,
        AccessLevel access) {}
