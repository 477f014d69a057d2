package dev.bulwark.model.vault;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An entry with at least one health issue. */
public record HealthItem(UUID entryId, String name, EntryKind kind, LocalDate expiresOn, List<HealthIssue> issues) {}
