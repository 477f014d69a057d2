package dev.bulwark.server.cli;

import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureReport;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.log.Logging;
import dev.bulwark.server.posture.PostureChecks;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code doctor}: the posture report of a stopped server's data directory, with the settings the server would run
 * with (same file, same environment). Exits 0 when nothing fails, {@value #CHECK_FAILED} when a check fails.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Checks a stopped server's set-up against the hardening checklist (exit code 2 when a check"
                + " fails).")
final class DoctorCommand implements Callable<Integer> {
    /** Exit code when at least one check fails. */
    static final int CHECK_FAILED = 2;

    @Mixin
    DataOptions data;

    @Option(names = "--plain-http", description = "Check as for a server run with --plain-http.")
    boolean plainHttp;

    @Option(names = "--verbose", description = "Also print why each check matters.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServerSettings settings = data.settings(Map.of(), plainHttp);
        if (settings.database().url().isEmpty()
                && Files.notExists(settings.dataDirectory().resolve("bulwark.mv.db"))) {
            throw new StartupException("There is no Bulwark database in " + settings.dataDirectory()
                    + ". Run bulwark-server init --data-dir " + settings.dataDirectory() + " first.");
        }
        Logging.configureOnce(null);
        PostureReport report;
        try (Database database = Database.open(settings)) {
            report = new PostureChecks(
                            settings,
                            new Transactions(database),
                            () -> Logger.getLogger("").getLevel(),
                            Clock.systemUTC())
                    .run();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Posture of " + settings.dataDirectory() + ": " + report.passed() + " of " + report.total()
                + " checks pass, " + report.warnings() + " warn, " + report.failures() + " fail.");
        for (PostureCheck check : report.checks()) {
            out.println();
            out.println(String.format(
                    Locale.ROOT,
                    "[%s] %s (%s)",
                    check.status().name().toLowerCase(Locale.ROOT),
                    check.title(),
                    check.id()));
            out.println("       " + check.detail());
            if (verbose || !check.fix().isEmpty()) {
                out.println("  why: " + check.why());
            }
            if (!check.fix().isEmpty()) {
                out.println("  fix: " + check.fix());
            }
        }
        out.flush();
        return report.failures() > 0 ? CHECK_FAILED : 0;
    }
}
