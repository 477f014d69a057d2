package dev.bulwark.server.cli;

import dev.bulwark.model.Secret;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.backup.Restorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The PostgreSQL database a backup of a PostgreSQL server is restored into (docs/decisions/0030-encrypted-backups.md,
 * "PostgreSQL"). The password comes from a file or {@code BULWARK_DATABASE_PASSWORD}, never the command line.
 */
final class DatabaseTargetOptions {
    @Option(
            names = "--to-database",
            paramLabel = "URL",
            description = "A PostgreSQL backup: the empty database to restore it into (restore), or one on the"
                    + " server where a temporary database is made (restore-test), e.g."
                    + " jdbc:postgresql://db.example.com:5432/bulwark.")
    String url;

    @Option(
            names = "--to-username",
            paramLabel = "NAME",
            description = "The PostgreSQL user (default: database.username, bulwark).")
    String username;

    @Option(
            names = "--to-password-file",
            paramLabel = "FILE",
            description = "A file holding the PostgreSQL user's password (default: BULWARK_DATABASE_PASSWORD).")
    Path passwordFile;

    /** The target named on the command line, if one is. */
    Optional<Restorer.DatabaseTarget> target(ServerSettings template) {
        if (url == null) {
            return Optional.empty();
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StartupException("--to-database must be a jdbc:postgresql: URL.");
        }
        String user = username != null ? username : template.database().username();
        return Optional.of(new Restorer.DatabaseTarget(url, user, password(template)));
    }

    private Secret password(ServerSettings template) {
        if (passwordFile == null) {
            return template.database().password();
        }
        try {
            return Secret.of(Files.readString(passwordFile).strip());
        } catch (IOException e) {
            throw new StartupException("The password file " + passwordFile + " cannot be read.", e);
        }
    }
}
