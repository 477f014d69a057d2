package dev.bulwark.server.cli;

import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.server.BulwarkServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify-audit}: recomputes the audit chain of a stopped server's data directory and checks its signed
 * checkpoints. Exits 0 when intact, {@value #CHAIN_BROKEN} when broken; the run is itself recorded in the trail.
 */
@Command(
        name = "verify-audit",
        mixinStandardHelpOptions = true,
        description = {
            "Verifies the audit trail's hash chain and signed checkpoints (exit code 3 when broken).",
            "With --witness, or audit.witness-file set, it also checks the trail against checkpoints kept outside the"
                    + " database, which reveals a tail cut after the newest checkpoint."
        })
final class VerifyAuditCommand implements Callable<Integer> {
    /** Exit code when the chain does not verify. */
    static final int CHAIN_BROKEN = 3;

    @Mixin
    DataOptions data;

    @Option(
            names = "--witness",
            paramLabel = "FILE",
            description = "A file of checkpoints kept elsewhere, one JSON line each (an audit.witness-file, or the"
                    + " checkpoint lines a SIEM received).")
    Path witness;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BulwarkServer server = BulwarkServer.open(data.settings(Map.of(), true))) {
            ChainVerification result = server.audit().verifyLocally(Optional.ofNullable(witness));
            if (result.intact()) {
                out.println("Audit trail intact: " + result.verifiedUpTo() + " records, " + result.checkpointsVerified()
                        + " signed checkpoints verified.");
                return 0;
            }
            out.println("Audit trail BROKEN at record " + result.brokenAt() + " (" + result.problem() + "): "
                    + result.detail());
            out.println("Verified up to record " + result.verifiedUpTo() + ".");
            return CHAIN_BROKEN;
        }
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
