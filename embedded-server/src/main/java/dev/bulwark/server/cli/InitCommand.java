package dev.bulwark.server.cli;

import dev.bulwark.model.Secret;
import dev.bulwark.model.user.User;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.tls.ServerCertificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code init}: prepares a data directory (database, master key, key sets) and either creates the first
 * administrator or prints a one-time setup code for the first desktop that connects.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Prepares a data directory and prints a one-time setup code, or creates the first admin.")
final class InitCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--admin-email", paramLabel = "EMAIL", description = "Create the first administrator now.")
    String adminEmail;

    @Option(
            names = "--admin-password-file",
            paramLabel = "FILE",
            description = "A file holding the first administrator's password (first line).")
    Path adminPasswordFile;

    @Option(
            names = "--admin-name",
            paramLabel = "NAME",
            defaultValue = "Administrator",
            description = "The first administrator's display name (default: ${DEFAULT-VALUE}).")
    String adminName;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((adminEmail == null) != (adminPasswordFile == null)) {
            throw new StartupException("Give --admin-email and --admin-password-file together, or neither.");
        }
        Secret password = adminPasswordFile == null ? null : readPassword(adminPasswordFile);
        PrintWriter out = spec.commandLine().getOut();
        ServerSettings settings = data.settings(Map.of(), true);
        try (BulwarkServer server = BulwarkServer.open(settings)) {
            out.println("Data directory " + server.settings().dataDirectory() + " is ready ("
                    + server.databaseDescription() + ").");
            boolean created = ServerCertificate.ensureSelfSigned(settings, Clock.systemUTC());
            ServerCertificate certificate = ServerCertificate.load(settings);
            out.println((created ? "Created the self-signed TLS certificate " : "TLS certificate ") + certificate.file()
                    + ". SHA-256 fingerprint: " + certificate.fingerprint());
            if (created) {
                out.println("Compare it with the fingerprint the desktop shows when it first connects.");
            }
            if (!server.setup().isSetupRequired()) {
                out.println("The first administrator already exists; nothing else to do.");
                return 0;
            }
            if (adminEmail != null) {
                User admin = server.setup().createFirstAdminLocally(adminEmail, adminName, password);
                out.println("First administrator " + admin.email() + " created.");
                return 0;
            }
            Secret code = server.setup().newSetupCode();
            out.println("One-time setup code: " + code.reveal());
            out.println("It is valid for " + server.setup().codeLifetime().toMinutes()
                    + " minutes. Enter it in the desktop when it first connects to this server.");
            return 0;
        }
    }

    private static Secret readPassword(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("");
            return Secret.of(first);
        } catch (IOException e) {
            throw new StartupException("The password file " + file + " cannot be read.");
        }
    }
}
