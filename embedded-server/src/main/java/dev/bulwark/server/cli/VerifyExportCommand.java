package dev.bulwark.server.cli;

import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.server.audit.BundleVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code verify-export FILE}: verifies an audit bundle offline, without a server or a data directory. Exits 0 only
 * when it verifies against trusted keys ({@code --trusted-keys} or {@code --trusted-key}), {@value
 * #ORIGIN_NOT_PROVEN} when it verifies but nothing says whose keys signed it, {@value #EXPORT_BROKEN} when it does
 * not verify, 1 when a file cannot be read (decision 0028).
 */
@Command(
        name = "verify-export",
        mixinStandardHelpOptions = true,
        description = {
            "Verifies an exported audit bundle offline: the signed header, hash chain, hashes, checkpoint signatures,"
                    + " missing checkpoints and the signed anchor of its range.",
            "Keys carried in the bundle prove nothing: pass the server's keys (--trusted-keys) or pin a key's"
                    + " thumbprint (--trusted-key).",
            "Exit codes: 0 verified against trusted keys; 4 signatures are self-consistent, origin not proven (no"
                    + " trusted keys given); 3 the bundle does not verify or is not signed by a trusted key; 1 a file"
                    + " cannot be read."
        })
final class VerifyExportCommand implements Callable<Integer> {
    /** Exit code when the bundle does not verify, or not against the trusted keys. */
    static final int EXPORT_BROKEN = 3;

    /** Exit code when the bundle is self-consistent but no trusted key was given to prove its origin. */
    static final int ORIGIN_NOT_PROVEN = 4;

    /** The sentence for a bundle that verifies only against its own keys. */
    static final String NOT_PROVEN = "signatures are self-consistent, origin not proven";

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (.audit.jsonl) to verify.")
    Path file;

    @Option(
            names = "--trusted-keys",
            paramLabel = "JWKS",
            description = "A JWK set file with the checkpoint keys to trust (the \"keys\" of GET"
                    + " /api/v1/audit/checkpoints, saved when the server was known to be sound).")
    Path trustedKeys;

    @Option(
            names = "--trusted-key",
            paramLabel = "THUMBPRINT",
            description = "The RFC 7638 SHA-256 thumbprint (base64url) of a checkpoint key to trust, as this command"
                    + " prints it; may be repeated.")
    List<String> trustedThumbprints = new ArrayList<>();

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
        } catch (NoSuchFileException e) {
            err.println("bulwark-server: there is no file " + trustedKeys + ".");
            return ServerCli.FAILED;
        }
        BundleVerifier.Trust trust = new BundleVerifier.Trust(
                trusted, trustedThumbprints.stream().map(String::strip).collect(Collectors.toSet()));
        BundleVerifier.Result result;
        try {
            result = new BundleVerifier().verify(file, trust);
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
        out.println(
                result.originProven()
                        ? "Export verified: " + result.detail()
                        : "Export not proven: " + NOT_PROVEN + ". " + result.detail());
        out.println("Signed by checkpoint key" + (result.thumbprints().size() == 1 ? " " : "s ")
                + result.thumbprints().entrySet().stream()
                        .map(k -> k.getKey() + " (thumbprint " + k.getValue() + ")")
                        .collect(Collectors.joining(", "))
                + (result.originProven() ? ", trusted." : ", carried in the bundle."));
        if (result.filtered()) {
            out.println("Filtered export: " + result.matching() + " of the " + result.events()
                    + " records match its filter; the others are included so the chain can be recomputed"
                    + " without gaps.");
        }
        if (!result.originProven()) {
            out.println("Not proven: " + NOT_PROVEN + ". Compare the thumbprints with the server's published keys,"
                    + " then pass --trusted-keys or --trusted-key.");
            return ORIGIN_NOT_PROVEN;
        }
        return 0;
    }
}
