package dev.bulwark.desktop;

import dev.bulwark.desktop.audit.AuditPreferences;
import dev.bulwark.desktop.audit.PinnedCheckpoint;
import dev.bulwark.desktop.audit.SavedView;
import dev.bulwark.desktop.ui.Appearance;
import dev.bulwark.desktop.ui.JsonFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the console remembers about the person using it: the theme, the audit page's saved views, and per server
 * the newest audit checkpoint it has verified. Kept in the data directory; safe to use from several threads.
 */
public final class DesktopPreferences implements AuditPreferences {
    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "desktop-preferences.json";

    private final JsonFile<Stored> file;

    public DesktopPreferences(Path dataDirectory) {
        this.file = new JsonFile<>(dataDirectory.resolve(FILE_NAME), Stored.class);
    }

    /** The theme chosen last; light when none was chosen yet. */
    public synchronized Appearance appearance() {
        return stored().appearance();
    }

    /**
     * Remembers the theme.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public void saveAppearance(Appearance appearance) {
        update(s -> new Stored(appearance, s.pinnedCheckpoints(), s.auditViews()));
    }

    @Override
    public synchronized Optional<PinnedCheckpoint> pinnedCheckpoint(String server) {
        return Optional.ofNullable(stored().pinnedCheckpoints().get(server));
    }

    @Override
    public void pinCheckpoint(String server, PinnedCheckpoint checkpoint) {
        update(s -> {
            Map<String, PinnedCheckpoint> pins = new HashMap<>(s.pinnedCheckpoints());
            pins.put(server, checkpoint);
            return new Stored(s.appearance(), pins, s.auditViews());
        });
    }

    @Override
    public synchronized List<SavedView> savedViews() {
        return stored().auditViews();
    }

    @Override
    public void saveViews(List<SavedView> views) {
        update(s -> new Stored(s.appearance(), s.pinnedCheckpoints(), views));
    }

    private Stored stored() {
        return file.read().orElseGet(() -> new Stored(null, null, null));
    }

    private synchronized void update(UnaryOperator<Stored> change) {
        try {
            file.write(change.apply(stored()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Stored(
            Appearance appearance, Map<String, PinnedCheckpoint> pinnedCheckpoints, List<SavedView> auditViews) {
        Stored {
            appearance = appearance == null ? Appearance.LIGHT : appearance;
            pinnedCheckpoints = pinnedCheckpoints == null ? Map.of() : Map.copyOf(pinnedCheckpoints);
            auditViews = auditViews == null ? List.of() : List.copyOf(auditViews);
        }
    }
}
