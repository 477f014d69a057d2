package dev.bulwark.server.cli;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bulwark-server}: the standalone server's commands. */
@Command(
        name = "bulwark-server",
        mixinStandardHelpOptions = true,
        versionProvider = ServerCli.VersionProvider.class,
        description = "Runs and administers a standalone Bulwark server.",
        subcommands = {
            InitCommand.class,
            DoctorCommand.class,
            ServeCommand.class,
            VerifyAuditCommand.class,
            VerifyExportCommand.class,
            RotateKeysCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            RestoreTestCommand.class,
            MigrateDataCommand.class
        })
public final class ServerCli implements Runnable {
    /** Exit code for a failure the operator can fix (bad setting, port in use, ...). */
    static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ServerCli());
        cli.setExecutionExceptionHandler(ServerCli::explain);
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int explain(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        switch (e) {
            case StartupException s -> err.println("bulwark-server: " + s.getMessage());
            case ApiException a -> err.println("bulwark-server: " + describe(a));
            default -> {
                err.println("bulwark-server: unexpected failure: " + e);
                e.printStackTrace(err);
            }
        }
        err.flush();
        return FAILED;
    }

    private static String describe(ApiException e) {
        if (e.fieldErrors().isEmpty()) {
            return e.detail();
        }
        StringBuilder text = new StringBuilder(e.type().title());
        e.fieldErrors().forEach(f -> text.append(System.lineSeparator())
                .append("  ")
                .append(f.field())
                .append(": ")
                .append(f.message()));
        return text.toString();
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bulwark-server " + Version.current()};
        }
    }
}
