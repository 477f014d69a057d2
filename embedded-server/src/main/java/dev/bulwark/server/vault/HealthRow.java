package dev.bulwark.server.vault;

import dev.bulwark.model.vault.EntryKind;
import java.time.LocalDate;
import java.util.UUID;

/** What the health report needs of one entry. */
record HealthRow(UUID id, String name, EntryKind kind, LocalDate expiresOn, String fingerprint, Integer strength) {}
