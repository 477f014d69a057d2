package dev.bulwark.desktop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the console needs to start: where "This computer" keeps its data, and the environment the embedded
 * server reads its {@code BULWARK_*} settings from.
 *
 * @param dataDirectory the data directory of the embedded server and of the console's own files
 * @param environment the environment variables handed to the embedded server
 */
public record DesktopSettings(Path dataDirectory, Map<String, String> environment) {
    /** How to call the console, shown with a wrong argument. */
    public static final String USAGE = "Usage: bulwark desktop [--data-dir DIR]";

    public DesktopSettings {
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    /**
     * Reads the command line: {@code --data-dir DIR} (or {@code --data-dir=DIR}) wins, then
     * {@code $XDG_DATA_HOME/bulwark}, then {@code ~/.local/share/bulwark}.
     *
     * @throws IllegalArgumentException with a sentence for the person, for an argument it does not know
     */
    public static DesktopSettings fromArguments(List<String> arguments, Map<String, String> environment, Path home) {
        Path dataDirectory = null;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--data-dir")) {
                if (i + 1 >= arguments.size() || arguments.get(i + 1).isBlank()) {
                    throw new IllegalArgumentException("--data-dir needs a directory.");
                }
                dataDirectory = Path.of(arguments.get(++i));
            } else if (argument.startsWith("--data-dir=") && argument.length() > "--data-dir=".length()) {
                dataDirectory = Path.of(argument.substring("--data-dir=".length()));
            } else {
                throw new IllegalArgumentException("Unknown argument: " + argument + ".");
            }
        }
        if (dataDirectory == null) {
            dataDirectory = defaultDataDirectory(environment, home);
        }
        return new DesktopSettings(dataDirectory, environment);
    }

    /** {@code $XDG_DATA_HOME/bulwark} when that variable holds an absolute path, else {@code ~/.local/share/bulwark}. */
    static Path defaultDataDirectory(Map<String, String> environment, Path home) {
        String xdg = environment.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "bulwark");
        }
        return home.resolve(".local").resolve("share").resolve("bulwark");
    }
}
