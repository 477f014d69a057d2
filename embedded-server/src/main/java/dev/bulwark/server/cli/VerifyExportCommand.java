package dev.bulwark.server.cli;

import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.server.audit.BundleVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code verify-export FILE}: verifies an audit bundle offline, without a server or a data directory. Exits 0
 * when it verifies, {@value #EXPORT_BROKEN} when it does not, 1 when the file cannot be read.
 */
@Command(
        name = "verify-export",
        mixinStandardHelpOptions = true,
        description = "Verifies an exported audit bundle offline: hash chain, hashes, checkpoint signatures and"
                + " the signed anchor of its range (exit code 3 when it does not verify).")
final class VerifyExportCommand implements Callable<Integer> {
    /** Exit code when the bundle does not verify. */
    static final int EXPORT_BROKEN = 3;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (.audit.jsonl) to verify.")
    Path file;

    @Option(
            names = "--trusted-keys",
            paramLabel = "JWKS",
            description = "A JWK set file with the checkpoint keys to trust (the \"keys\" of GET"
                    + " /api/v1/audit/checkpoints); without it the bundle's own keys are used.")
    Path trustedKeys;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<JWKSet> trusted;
        try {
            trusted = trustedKeys == null ? Optional.empty() : Optional.of(JWKSet.parse(Files.readString(trustedKeys)));
        } catch (ParseException e) {
            err.println("bulwark-server: " + trustedKeys + " is not a JWK set.");
            return ServerCli.FAILED;
        }
        BundleVerifier.Result result;
        try {
            result = new BundleVerifier().verify(file, trusted);
        } catch (NoSuchFileException e) {
            err.println("bulwark-server: there is no file " + file + ".");
            return ServerCli.FAILED;
        }
        if (!result.intact()) {
            out.println("Export BROKEN at line " + result.brokenLine() + ": " + result.detail());
            if (result.lastSeq() != null) {
                out.println("Verified before that: records " + result.firstSeq() + ".." + result.lastSeq() + ".");
            }
            return EXPORT_BROKEN;
        }
        out.println("Export verified: " + result.detail());
        if (result.events() > 0) {
            out.println("Signed by checkpoint key" + (result.keyIds().size() == 1 ? " " : "s ")
                    + String.join(", ", result.keyIds())
                    + (trusted.isPresent()
                            ? " (trusted keys from " + trustedKeys + ")."
                            : " (keys carried in the bundle: compare them with the server's published keys, or pass"
                                    + " --trusted-keys)."));
            out.println("Not covered by a signature: the link of record " + result.firstSeq()
                    + " to its predecessor, the bundle's header (filter, export time) and the matches flags.");
        }
        if (result.filtered()) {
            out.println("Filtered export: " + result.matching() + " of the " + result.events()
                    + " records match its filter; the others are included so the chain can be recomputed"
                    + " without gaps.");
        }
        return 0;
    }
}
