package dev.bulwark.model.vault;

import dev.bulwark.model.permission.AccessLevel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An entry's details without its secrets: the secret value, notes and secret custom fields are read with a
 * reveal, which is audited.
 *
 * @param hasSecret whether the entry holds a non-empty secret value
 * @param hasNotes whether the entry holds notes
 * @param secretVersion the number of the current secret value (see the versions)
 * @param version the entry version to send back with an update
 * @param access the caller's access: {@code READ} or {@code WRITE}
 * @param deletedAt when the entry was moved to the trash, or {@code null}
 */
public record VaultEntry(
        UUID id,
        String name,
        EntryKind kind,
        String username,
        String url,
        List<String> tags,
        List<CustomField> customFields,
        LocalDate expiresOn,
        List<VaultShare> sharing,
        boolean hasSecret,
        boolean hasNotes,
        int secretVersion,
        long version,
        UUID createdBy,
        Instant createdAt,
        UUID updatedBy,
        Instant updatedAt,
        Instant deletedAt,
        AccessLevel access) {}
