package dev.bulwark.server.cli;

import dev.bulwark.model.vault.KeyUsage;
import dev.bulwark.model.vault.RotationStatus;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.vault.VaultRotation;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rotate-keys}: with the server stopped, makes a new primary vault data key and re-encrypts every value
 * under it (or finishes an earlier rotation); with {@code --master}, replaces the master key in the key file and
 * re-wraps only the key sets. Both are audited; both can be interrupted and finish at the next start.
 */
@Command(
        name = "rotate-keys",
        mixinStandardHelpOptions = true,
        description = "Rotates the vault data key (re-encrypting every value), or with --master the master key.")
final class RotateKeysCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--master", description = "Replace the master key in the key file and re-wrap the key sets.")
    boolean master;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BulwarkServer server = BulwarkServer.open(data.settings(Map.of(), true))) {
            VaultRotation rotation = server.vaultRotation();
            if (master) {
                int keySets = rotation.rotateMasterKey();
                out.println("The master key is replaced and " + keySets + " key sets are re-wrapped with it. Back up "
                        + data.dataDir.resolve(MasterKey.FILE_NAME) + " now: the old key no longer opens them.");
                return 0;
            }
            if (rotation.status().remaining() > 0) {
                out.println("Finishing the rotation already under way.");
            } else {
                rotation.rotateOffline();
            }
            long done = rotation.runToCompletion();
            RotationStatus status = rotation.status();
            out.println("Vault data key " + status.primaryKeyId() + " is primary; " + done + " values re-encrypted.");
            for (KeyUsage key : status.keys()) {
                out.println("  key " + key.keyId() + " " + key.state() + ": " + key.values() + " values");
            }
            return 0;
        }
    }
}
