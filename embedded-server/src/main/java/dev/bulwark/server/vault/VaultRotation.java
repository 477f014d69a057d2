package dev.bulwark.server.vault;

import com.google.crypto.tink.KeysetHandle;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.vault.RotationStatus;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.crypto.MasterKeyRotation;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.permission.Authorizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rotation of the vault's data key: a new primary key, then re-encryption of every stored value in batches, then
 * the older keys disabled once nothing uses them.
 *
 * <p>Guarantee: it survives a crash at any point. The new key set is committed before any value is re-encrypted;
 * each batch commits on its own and only replaces a ciphertext that is still under an older key; older keys stay
 * enabled until a count in the disabling transaction finds no value under them. A restart resumes the job
 * ({@link #resume}) from whatever is left.
 */
public final class VaultRotation {
    private static final System.Logger LOG = System.getLogger(VaultRotation.class.getName());

    private final Transactions tx;
    private final MasterKey masterKey;
    private final Path dataDirectory;
    private final VaultRepository repository;
    private final SecretSealer sealer;
    private final Authorizer authorizer;
    private final AuditTrail trail;
    private final int batchSize;
    private final Duration pause;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Thread worker;

    public VaultRotation(
            Transactions tx,
            MasterKey masterKey,
            Path dataDirectory,
            VaultRepository repository,
            SecretSealer sealer,
            Authorizer authorizer,
            AuditTrail trail,
            int batchSize,
            Duration pause) {
        this.tx = tx;
        this.masterKey = masterKey;
        this.dataDirectory = dataDirectory;
        this.repository = repository;
        this.sealer = sealer;
        this.authorizer = authorizer;
        this.trail = trail;
        this.batchSize = batchSize;
        this.pause = pause;
    }

    /** Values per key; ADMIN or SETTINGS READ. */
    public RotationStatus status(Caller caller) {
        authorizer.require(caller, Module.SETTINGS, AccessLevel.READ);
        return status();
    }

    /** Values per key, for the command line. */
    public RotationStatus status() {
        Map<Long, Long> perKey = tx.read(repository::valuesPerKey);
        long primary = sealer.primaryKeyId();
        long remaining = perKey.entrySet().stream()
                .filter(e -> e.getKey() != primary)
                .mapToLong(Map.Entry::getValue)
                .sum();
        return new RotationStatus(primary, remaining > 0 || running.get(), remaining, sealer.usage(perKey));
    }

    /**
     * Adds a new primary data key and starts re-encrypting in the background; administrators only.
     *
     * @throws ApiException {@code conflict} while an earlier rotation is still re-encrypting
     */
    public RotationStatus rotate(Caller caller) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "rotate the vault's data key");
        addPrimary(AuditRecord.of(AuditAction.VAULT_KEY_ROTATE, AuditOutcome.SUCCESS)
                .actor(caller.user())
                .from(caller.client()));
        resume();
        return status();
    }

    /** Adds a new primary data key for the command line (the actor is the server itself). */
    public void rotateOffline() {
        addPrimary(AuditRecord.of(AuditAction.VAULT_KEY_ROTATE, AuditOutcome.SUCCESS)
                .reason("From the command line."));
    }

    private synchronized void addPrimary(AuditRecord record) {
        if (status().remaining() > 0) {
            throw ApiException.of(
                    ProblemType.CONFLICT, "A key rotation is still re-encrypting values. Wait until it has finished.");
        }
        KeysetHandle next = sealer.withNewPrimary();
        long newKeyId = Integer.toUnsignedLong(next.getPrimary().getId());
        tx.write(c -> {
            sealer.store(c, next);
            trail.record(c, record.target("vault-key", newKeyId, "vault data key " + newKeyId));
            return null;
        });
        sealer.use(next);
        LOG.log(System.Logger.Level.INFO, "Vault data key {0} is now primary", newKeyId);
    }

    /**
     * Replaces the master key in the key file and re-wraps the key sets with it (for the command line, with the
     * server stopped); returns how many key sets were re-wrapped.
     */
    public int rotateMasterKey() {
        return MasterKeyRotation.rotate(
                tx,
                masterKey,
                dataDirectory,
                (c, keySets) -> trail.record(
                        c,
                        AuditRecord.of(AuditAction.VAULT_MASTER_KEY_ROTATE, AuditOutcome.SUCCESS)
                                .target("master-key", MasterKey.FILE_NAME, "master key")
                                .reason(keySets + " key sets re-wrapped; from the command line.")));
    }

    /** Starts re-encrypting in the background when values remain under older keys or older keys are enabled. */
    public void resume() {
        if (stopping || !running.compareAndSet(false, true)) {
            return;
        }
        worker = Thread.ofPlatform().daemon().name("vault-rotation").start(() -> {
            try {
                runToCompletion();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Vault key rotation stopped; it resumes at the next start", e);
            } finally {
                running.set(false);
            }
        });
    }

    /** Re-encrypts every value under an older key, then disables the older keys; returns values re-encrypted. */
    public long runToCompletion() {
        long done = 0;
        while (!stopping) {
            long primary = sealer.primaryKeyId();
            List<StoredValue> batch = tx.read(c -> repository.valuesNotUnder(c, primary, batchSize));
            if (batch.isEmpty()) {
                disableOlderKeys();
                return done;
            }
            done += tx.write(c -> {
                int n = 0;
                for (StoredValue value : batch) {
                    byte[] plain = sealer.open(value.entryId(), value.version(), value.field(), value.ciphertext());
                    try {
                        SecretSealer.Sealed sealed =
                                sealer.seal(value.entryId(), value.version(), value.field(), plain);
                        if (repository.reseal(c, value, sealed.keyId(), sealed.ciphertext())) {
                            n++;
                        }
                    } finally {
                        Arrays.fill(plain, (byte) 0);
                    }
                }
                return n;
            });
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return done;
                }
            }
        }
        return done;
    }

    private synchronized void disableOlderKeys() {
        if (!sealer.hasOlderEnabledKeys()) {
            return;
        }
        Optional<KeysetHandle> next = tx.write(c -> {
            long primary = sealer.primaryKeyId();
            long remaining = repository.valuesPerKey(c).entrySet().stream()
                    .filter(e -> e.getKey() != primary)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            Optional<KeysetHandle> disabled = remaining == 0 ? sealer.withOnlyPrimaryEnabled() : Optional.empty();
            if (disabled.isPresent()) {
                sealer.store(c, disabled.get());
                trail.record(
                        c,
                        AuditRecord.of(AuditAction.VAULT_KEY_ROTATION_COMPLETE, AuditOutcome.SUCCESS)
                                .target("vault-key", primary, "vault data key " + primary)
                                .reason("Every value is under key " + primary + "; older keys are disabled."));
            }
            return disabled;
        });
        next.ifPresent(sealer::use);
        next.ifPresent(h -> LOG.log(System.Logger.Level.INFO, "Vault key rotation complete; older keys disabled"));
    }

    /** Stops the background job after its current batch. */
    public void stop() {
        stopping = true;
        Thread t = worker;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
