package dev.bulwark.desktop.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Asks the person for a file to open or save. The console uses the platform's file dialog; tests supply the path
 * a person would have chosen.
 */
public interface FilePicker {
    /** A file to read, or empty when the person cancelled. */
    Optional<Path> open(Window owner, String title, String description, String extension);

    /** Where to write, or empty when the person cancelled. */
    Optional<Path> save(Window owner, String title, String suggestedName, String description, String extension);

    /** The platform's file dialogs. */
    static FilePicker system() {
        return new FilePicker() {
            @Override
            public Optional<Path> open(Window owner, String title, String description, String extension) {
                return Optional.ofNullable(
                                chooser(title, description, extension).showOpenDialog(owner))
                        .map(File::toPath);
            }

            @Override
            public Optional<Path> save(
                    Window owner, String title, String suggestedName, String description, String extension) {
                FileChooser chooser = chooser(title, description, extension);
                chooser.setInitialFileName(suggestedName);
                return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
            }

            private static FileChooser chooser(String title, String description, String extension) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle(title);
                chooser.getExtensionFilters()
                        .addAll(
                                new FileChooser.ExtensionFilter(description, "*." + extension),
                                new FileChooser.ExtensionFilter("All files", "*"));
                return chooser;
            }
        };
    }
}
