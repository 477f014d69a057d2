package dev.bulwark.desktop;

import dev.bulwark.desktop.ui.FilePicker;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javafx.stage.Window;

/** The files a person picks in the file dialogs, decided by the test in advance; no dialog is shown. */
public final class ChosenFiles implements FilePicker {
    private final Deque<Path> next = new ArrayDeque<>();
    private Path saveDirectory;

    /** The next file dialog, open or save, answers {@code file}. */
    public void willChoose(Path file) {
        next.add(file);
    }

    /** Once the chosen files are used up, every save dialog answers its suggested name in {@code directory}. */
    public void saveInto(Path directory) {
        saveDirectory = directory;
    }

    @Override
    public Optional<Path> open(Window owner, String title, String description, String extension) {
        return Optional.ofNullable(next.poll());
    }

    @Override
    public Optional<Path> save(Window owner, String title, String suggestedName, String description, String extension) {
        Path chosen = next.poll();
        if (chosen == null && saveDirectory != null) {
            chosen = saveDirectory.resolve(suggestedName);
        }
        return Optional.ofNullable(chosen);
    }
}
