package dev.bulwark.desktop.ui;

import java.util.Optional;

/** A clipboard in memory, for tests that check what was copied and cleared without the system clipboard. */
public final class MemoryClipboard implements Clipboard {
    private volatile String text;

    @Override
    public void put(String value) {
        text = value;
    }

    @Override
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    @Override
    public void clear() {
        text = null;
    }
}
