package dev.bulwark.desktop.audit;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** What the audit page remembers between runs of the console. Methods block on file access. */
public interface AuditPreferences {
    /** The checkpoint pinned for {@code server} (see {@code ServerConnection.identity()}), if any. */
    Optional<PinnedCheckpoint> pinnedCheckpoint(String server);

    /**
     * Pins {@code checkpoint} for {@code server}, replacing the one pinned before.
     *
     * @throws UncheckedIOException when it cannot be stored
     */
    void pinCheckpoint(String server, PinnedCheckpoint checkpoint);

    /** The saved filter sets, in the order they were saved. */
    List<SavedView> savedViews();

    /**
     * Replaces the saved filter sets.
     *
     * @throws UncheckedIOException when they cannot be stored
     */
    void saveViews(List<SavedView> views);
}
