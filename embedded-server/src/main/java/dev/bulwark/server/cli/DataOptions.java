package dev.bulwark.server.cli;

import dev.bulwark.server.ServerSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command that opens a data directory shares. */
final class DataOptions {
    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The server's data directory.")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML settings file.")
    Path config;

    /** Settings from the file and environment, with {@code overrides} from the command line. */
    ServerSettings settings(Map<String, String> overrides, boolean plainHttp) {
        return ServerSettings.standalone(
                dataDir, Optional.ofNullable(config), System.getenv(), new LinkedHashMap<>(overrides), plainHttp);
    }
}
