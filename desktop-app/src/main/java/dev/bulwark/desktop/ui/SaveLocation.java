package dev.bulwark.desktop.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks where to save a file. The application asks with the system's file chooser; UI tests answer themselves. */
@FunctionalInterface
public interface SaveLocation {
    /** The file the person chose, or empty when they cancelled. Called on the UI thread. */
    Optional<Path> ask(Window owner, String title, String suggestedName);

    /** The system's save dialog. */
    static SaveLocation fileChooser() {
        return (owner, title, suggestedName) -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(title);
            chooser.setInitialFileName(suggestedName);
            File file = chooser.showSaveDialog(owner);
            return Optional.ofNullable(file).map(File::toPath);
        };
    }
}
