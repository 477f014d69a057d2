package dev.bulwark.desktop.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.desktop.ui.UserFacingException;
import dev.bulwark.model.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The list of remote servers, kept in {@code desktop-servers.json} in the data directory. */
public final class SavedServers {
    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "desktop-servers.json";

    private static final System.Logger LOG = System.getLogger(SavedServers.class.getName());

    private final Path file;
    private final ObjectMapper json = Json.lenient();

    public SavedServers(Path dataDirectory) {
        this.file = dataDirectory.resolve(FILE_NAME);
    }

    /** The saved servers; none when the file does not exist yet or cannot be read (which is logged). */
    public List<RemoteServer> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            ServersFile saved = json.readValue(file.toFile(), ServersFile.class);
            return saved.servers() == null ? List.of() : List.copyOf(saved.servers());
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring unreadable server list " + file, e);
            return List.of();
        }
    }

    /**
     * Replaces the saved list; written to a temporary file first, so a crash never leaves half a file.
     *
     * @throws UserFacingException when the file cannot be written
     */
    public void save(List<RemoteServer> servers) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), new ServersFile(List.copyOf(servers)));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserFacingException("The server list could not be saved in " + file.getParent() + ".", e);
        }
    }

    private record ServersFile(List<RemoteServer> servers) {}
}
