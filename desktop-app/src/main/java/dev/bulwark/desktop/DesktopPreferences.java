package dev.bulwark.desktop;

import dev.bulwark.desktop.ui.Appearance;
import dev.bulwark.desktop.ui.JsonFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** What the console remembers about the person using it: for now the theme. Kept in the data directory. */
public final class DesktopPreferences {
    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "desktop-preferences.json";

    private final JsonFile<Stored> file;

    public DesktopPreferences(Path dataDirectory) {
        this.file = new JsonFile<>(dataDirectory.resolve(FILE_NAME), Stored.class);
    }

    /** The theme chosen last; light when none was chosen yet. */
    public Appearance appearance() {
        return file.read().map(Stored::appearance).orElse(Appearance.LIGHT);
    }

    /**
     * Remembers the theme.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public void saveAppearance(Appearance appearance) {
        try {
            file.write(new Stored(appearance));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Stored(Appearance appearance) {
        Stored {
            appearance = appearance == null ? Appearance.LIGHT : appearance;
        }
    }
}
