package dev.bulwark.desktop.ui;

import java.util.Optional;
import javafx.scene.input.ClipboardContent;

/**
 * The clipboard as the console uses it: put text, read it back, empty it. A seam so tests check what was copied
 * without the system clipboard. Called on the UI thread only.
 */
public interface Clipboard {
    /** Puts {@code text} on the clipboard, replacing what it held. */
    void put(String text);

    /** The text the clipboard holds, if any. */
    Optional<String> text();

    /** Empties the clipboard. */
    void clear();

    /** The platform's clipboard. */
    static Clipboard system() {
        return new Clipboard() {
            @Override
            public void put(String text) {
                ClipboardContent content = new ClipboardContent();
                content.putString(text);
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            }

            @Override
            public Optional<String> text() {
                javafx.scene.input.Clipboard clipboard = javafx.scene.input.Clipboard.getSystemClipboard();
                return clipboard.hasString() ? Optional.ofNullable(clipboard.getString()) : Optional.empty();
            }

            @Override
            public void clear() {
                javafx.scene.input.Clipboard.getSystemClipboard().clear();
            }
        };
    }
}
