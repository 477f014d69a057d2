package dev.bulwark.desktop.connect;

import dev.bulwark.desktop.ui.JsonFile;
import dev.bulwark.desktop.ui.UserFacingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The list of remote servers, kept in {@code desktop-servers.json} in the data directory. */
public final class SavedServers {
    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "desktop-servers.json";

    private final JsonFile<ServersFile> file;

    public SavedServers(Path dataDirectory) {
        this.file = new JsonFile<>(dataDirectory.resolve(FILE_NAME), ServersFile.class);
    }

    /** The saved servers; none when the file does not exist yet or cannot be read (which is logged). */
    public List<RemoteServer> load() {
        return file.read().map(ServersFile::servers).map(List::copyOf).orElse(List.of());
    }

    /**
     * Replaces the saved list; a crash while saving never leaves half a file.
     *
     * @throws UserFacingException when the file cannot be written
     */
    public void save(List<RemoteServer> servers) {
        try {
            file.write(new ServersFile(List.copyOf(servers)));
        } catch (IOException e) {
            throw new UserFacingException(
                    "The server list could not be saved in " + file.path().getParent() + ".", e);
        }
    }

    private record ServersFile(List<RemoteServer> servers) {
        ServersFile {
            servers = servers == null ? List.of() : servers;
        }
    }
}
