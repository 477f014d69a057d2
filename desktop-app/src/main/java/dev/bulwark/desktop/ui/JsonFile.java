package dev.bulwark.desktop.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.model.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * One small JSON document of the desktop's own, in its data directory. Written to a temporary file and moved into
 * place, so a crash never leaves half a file; a file that cannot be read counts as absent (and is logged).
 */
public final class JsonFile<T> {
    private static final System.Logger LOG = System.getLogger(JsonFile.class.getName());

    private final Path file;
    private final Class<T> type;
    private final ObjectMapper json = Json.lenient();

    public JsonFile(Path file, Class<T> type) {
        this.file = file;
        this.type = type;
    }

    /** The document, or empty when there is none yet or it cannot be read. */
    public Optional<T> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(file.toFile(), type));
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring unreadable " + file, e);
            return Optional.empty();
        }
    }

    /**
     * Replaces the document.
     *
     * @throws IOException when it cannot be written
     */
    public void write(T document) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), document);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Where the document lives. */
    public Path path() {
        return file;
    }
}
