package dev.bulwark.server.vault;

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
import dev.bulwark.server.crypto.KeySetRepository;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.crypto.MasterKeyRotation;
import dev.bulwark.server.db.JobLocks;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.permission.Authorizer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    /** The background job's name, and its lock's. */
    public static final String JOB = "vault-rotation";

    private static final System.Logger LOG = System.getLogger(VaultRotation.class.getName());
    private static final Duration RETRY = Duration.ofMillis(200);

    private final Transactions tx;
    private final KeySetRepository keySets;
    private final MasterKey masterKey;
    private final Path dataDirectory;
    private final VaultRepository repository;
    private final SecretSealer sealer;
    private final Authorizer authorizer;
    private final AuditTrail trail;
    private final int batchSize;
    private final Duration pause;
    private final Duration disableGrace;
    private final JobLocks locks;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopping;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile Thread worker;

    public VaultRotation(
            Transactions tx,
            KeySetRepository keySets,
            MasterKey masterKey,
            Path dataDirectory,
            VaultRepository repository,
            SecretSealer sealer,
            Authorizer authorizer,
            AuditTrail trail,
            int batchSize,
            Duration pause,
            Duration disableGrace,
            JobLocks locks,
            Clock clock) {
        this.tx = tx;
        this.keySets = keySets;
        this.masterKey = masterKey;
        this.dataDirectory = dataDirectory;
        this.repository = repository;
        this.sealer = sealer;
        this.authorizer = authorizer;
        this.trail = trail;
        this.batchSize = batchSize;
        this.pause = pause;
        this.disableGrace = disableGrace;
        this.locks = locks;
        this.clock = clock;
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
        SecretSealer.Change next = sealer.withNewPrimary();
        long newKeyId = next.primaryKeyId();
        tx.write(c -> {
            if (!sealer.store(c, next)) {
                throw ApiException.of(
                        ProblemType.CONFLICT,
                        "The vault's key set changed on another server node meanwhile. Look at the rotation status"
                                + " and try again.");
            }
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
                keySets,
                masterKey,
                dataDirectory,
                clock,
                (c, keySets) -> trail.record(
                        c,
                        AuditRecord.of(AuditAction.VAULT_MASTER_KEY_ROTATE, AuditOutcome.SUCCESS)
                                .target("master-key", MasterKey.FILE_NAME, "master key")
                                .reason(keySets + " key sets re-wrapped; from the command line.")));
    }

    /**
     * Starts re-encrypting in the background when values remain under older keys or older keys are enabled, unless
     * the rotation runs already, here or on another node (the job {@value #JOB}).
     */
    public void resume() {
        if (stopping || running.get()) {
            return;
        }
        worker = Thread.ofPlatform().daemon().name("vault-rotation").start(this::runUnlessRunningElsewhere);
    }

    /** Runs the rotation to completion under its job lock; what the background job calls. */
    public void runUnlessRunningElsewhere() {
        try {
            locks.runExclusively(JOB, this::runToCompletion);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Vault key rotation stopped; it resumes at the next check", e);
        }
    }

    /** Re-encrypts every value under an older key, then disables the older keys; returns values re-encrypted. */
    public long runToCompletion() {
        if (!running.compareAndSet(false, true)) {
            return 0;
        }
        try {
            return reencryptAll();
        } finally {
            running.set(false);
        }
    }

    private long reencryptAll() {
        long done = 0;
        while (!stopping) {
            long primary = sealer.primaryKeyId();
            List<StoredValue> batch = tx.read(c -> repository.valuesNotUnder(c, primary, batchSize));
            if (batch.isEmpty()) {
                if (!sealer.hasOlderEnabledKeys()) {
                    return done;
                }
                Duration wait = untilOtherNodesSealUnderThePrimary();
                if (!wait.isZero()) {
                    if (!pauseFor(wait)) {
                        return done;
                    }
                    continue;
                }
                if (disableOlderKeys()) {
                    return done;
                }
                // A value was sealed under an older key since the batch was read, or the key set changed
                // meanwhile: look again.
                if (!pauseFor(RETRY)) {
                    return done;
                }
                continue;
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
            if (!pause.isZero() && !pauseFor(pause)) {
                return done;
            }
        }
        return done;
    }

    /**
     * How long until every node is sure to seal new values under the current primary key. A node re-reads the key
     * set's revision at least once per reload interval, so once this node has held the current revision for
     * {@code disableGrace} (several reload intervals, measured on this node's elapsed time, never on a clock another
     * node wrote) every node seals under its primary. Older keys are disabled only after that, with the values
     * counted again, so a value a node sealed under an older key meanwhile is re-encrypted first
     * (docs/decisions/0039-keys-and-caches-across-nodes.md). Zero on a database only one node can open.
     */
    private Duration untilOtherNodesSealUnderThePrimary() {
        Duration left = disableGrace.minus(sealer.keySetHeldFor());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Waits {@code wait}; false when the rotation is being stopped meanwhile. */
    private boolean pauseFor(Duration wait) {
        try {
            return !stopSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Disables the older keys when no value is under them any more and every node has had the grace to notice the
     * current key set; true when that is done (or there is nothing to disable), false to look again.
     */
    private synchronized boolean disableOlderKeys() {
        if (!sealer.hasOlderEnabledKeys()) {
            return true;
        }
        Optional<SecretSealer.Change> next = tx.write(c -> {
            long primary = sealer.primaryKeyId();
            long remaining = repository.valuesPerKey(c).entrySet().stream()
                    .filter(e -> e.getKey() != primary)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            if (remaining > 0) {
                return Optional.<SecretSealer.Change>empty();
            }
            Optional<SecretSealer.Change> disabled = sealer.withOnlyPrimaryEnabled();
            if (disabled.isEmpty()) {
                return disabled;
            }
            // withOnlyPrimaryEnabled read the stored key set again: it must still be the one whose primary was
            // counted, and held long enough for every node to seal under it.
            if (disabled.get().primaryKeyId() != primary
                    || sealer.keySetHeldFor().compareTo(disableGrace) < 0
                    || !sealer.store(c, disabled.get())) {
                return Optional.<SecretSealer.Change>empty();
            }
            trail.record(
                    c,
                    AuditRecord.of(AuditAction.VAULT_KEY_ROTATION_COMPLETE, AuditOutcome.SUCCESS)
                            .target("vault-key", primary, "vault data key " + primary)
                            .reason("Every value is under key " + primary + "; older keys are disabled."));
            return disabled;
        });
        if (next.isEmpty()) {
            return !sealer.hasOlderEnabledKeys();
        }
        sealer.use(next.get());
        LOG.log(System.Logger.Level.INFO, "Vault key rotation complete; older keys disabled");
        return true;
    }

    /** Stops the background job after its current batch. */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
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
