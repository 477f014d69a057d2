package dev.bulwark.server.vault;

import dev.bulwark.model.vault.CustomField;
import dev.bulwark.model.vault.EntryKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A vault entry's row: everything but its encrypted values. The fingerprint is a keyed hash, not a secret, and
 * {@code strength} is the strength estimate (0–4) of a password taken when it was set.
 */
record StoredEntry(
        UUID id,
        String name,
        EntryKind kind,
        String username,
        String url,
        List<String> tags,
        List<CustomField> customFields,
        LocalDate expiresOn,
        long version,
        int secretVersion,
        boolean hasSecret,
        boolean hasNotes,
        String fingerprint,
        Integer strength,
        UUID createdBy,
        Instant createdAt,
        UUID updatedBy,
        Instant updatedAt,
        Instant deletedAt) {}
