package dev.bulwark.server.vault;

import dev.bulwark.model.vault.EntryKind;
import java.util.UUID;

/**
 * A search as the repository runs it.
 *
 * @param text lower-case text to find in names, URLs and tags, or {@code null}
 * @param tag an exact tag (case-insensitive), or {@code null}
 * @param kind a kind, or {@code null}
 * @param trash the trash instead of live entries
 * @param visibleTo only entries shared with a group of this user; {@code null} for an administrator (all)
 */
record VaultSearch(String text, String tag, EntryKind kind, boolean trash, UUID visibleTo, int offset, int limit) {}
