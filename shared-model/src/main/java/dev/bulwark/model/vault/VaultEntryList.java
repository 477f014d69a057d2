package dev.bulwark.model.vault;

import java.util.List;

/**
 * One page of entries sorted by name.
 *
 * @param entries the entries the caller may see
 * @param hasMore whether more entries follow this page
 */
public record VaultEntryList(List<VaultEntrySummary> entries, boolean hasMore) {}
