package dev.bulwark.server.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import dev.bulwark.model.Secret;
import dev.bulwark.model.vault.KeyUsage;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.crypto.KeySetRepository;
import dev.bulwark.server.crypto.KeySets;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.db.Transactions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Encrypts and decrypts the vault's secret values, and owns the vault's two Tink key sets: the data key set
 * (AES-256-GCM AEAD) and the fingerprint key (HMAC-SHA256 PRF). Both are stored in {@code key_set} wrapped by the
 * {@link MasterKey} and created on first start.
 *
 * <p>Security guarantee: every ciphertext is bound to its entry id, value version and field name by associated
 * data, so a ciphertext copied to another row or field does not open: {@link #open} then throws {@link
 * VaultCryptoException} and never returns another value. Fingerprints are keyed, so equal secrets can be found
 * without comparing plain text and without letting anyone holding the database guess them offline.
 *
 * <p>Rotation: {@link #withNewPrimary} adds a primary key, older keys keep decrypting until {@link
 * #withOnlyPrimaryEnabled} disables them once no value uses them.
 *
 * <p>Several nodes: the data key set is the database's, not this node's. Its revision is read at most once per
 * {@code reloadInterval} of elapsed time before a value is sealed or opened and the key set reloaded when another
 * node changed it; a value that does not open under a key this node has not seen yet makes it reload at once. So a
 * node seals with a superseded primary key for at most the reload interval (plus the transaction in flight), and a
 * change is built from the stored key set only if nobody replaced it meanwhile
 * (docs/decisions/0039-keys-and-caches-across-nodes.md).
 */
public final class SecretSealer {
    static final String DATA_KEY_SET = "vault-data";
    static final String FINGERPRINT_KEY_SET = "vault-fingerprint";
    private static final int TINK_PREFIX = 5;

    private final Transactions tx;
    private final KeySetRepository repository;
    private final MasterKey masterKey;
    private final PrfSet fingerprints;
    private final Duration reloadInterval;
    private final Clock clock;
    private volatile State state;

    /**
     * The key set in use: its revision, when this node last read the stored revision and since when it has used
     * this revision, both on the monotonic {@link System#nanoTime} (elapsed time on this node, not the clock that
     * dates records, which tests replay and which differs between nodes).
     */
    private record State(KeysetHandle handle, Aead aead, long revision, long checkedNanos, long heldSinceNanos) {}

    private SecretSealer(
            Transactions tx,
            KeySetRepository repository,
            MasterKey masterKey,
            KeySetRepository.StoredKeySet data,
            PrfSet fingerprints,
            Duration reloadInterval,
            Clock clock)
            throws GeneralSecurityException {
        this.tx = tx;
        this.repository = repository;
        this.masterKey = masterKey;
        this.fingerprints = fingerprints;
        this.reloadInterval = reloadInterval;
        this.clock = clock;
        this.state = stateOf(data);
    }

    /**
     * Loads the vault's key sets, creating them on first start.
     *
     * @throws StartupException when the master key does not open them
     */
    public static SecretSealer load(
            Transactions tx, KeySetRepository repository, MasterKey masterKey, Duration reloadInterval, Clock clock) {
        try {
            AeadConfig.register();
            PrfConfig.register();
            KeySetRepository.StoredKeySet data = KeySets.loadOrCreate(
                    tx,
                    repository,
                    masterKey,
                    DATA_KEY_SET,
                    () -> KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                    clock);
            KeySetRepository.StoredKeySet prf = KeySets.loadOrCreate(
                    tx,
                    repository,
                    masterKey,
                    FINGERPRINT_KEY_SET,
                    () -> KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF),
                    clock);
            PrfSet fingerprints = masterKey
                    .unwrap(FINGERPRINT_KEY_SET, prf.wrapped())
                    .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
            return new SecretSealer(tx, repository, masterKey, data, fingerprints, reloadInterval, clock);
        } catch (GeneralSecurityException e) {
            throw new StartupException(
                    "The master key (" + masterKey.source()
                            + ") does not open this server's vault keys. Use the master key this data directory was created with.");
        }
    }

    /** A value sealed under key {@code keyId}. */
    public record Sealed(long keyId, byte[] ciphertext) {}

    /** Encrypts {@code plaintext} for {@code field} of version {@code version} of entry {@code entryId}. */
    public Sealed seal(UUID entryId, int version, String field, byte[] plaintext) {
        try {
            byte[] ciphertext = current().aead().encrypt(plaintext, associatedData(entryId, version, field));
            return new Sealed(keyIdOf(ciphertext), ciphertext);
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("A vault value could not be encrypted", e);
        }
    }

    /** Encrypts a secret's UTF-8 bytes. */
    public Sealed seal(UUID entryId, int version, String field, Secret value) {
        return seal(entryId, version, field, value.reveal().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decrypts a value sealed by {@link #seal} for the same entry, version and field.
     *
     * @throws VaultCryptoException when the ciphertext was moved, altered, or its key is gone
     */
    public byte[] open(UUID entryId, int version, String field, byte[] ciphertext) {
        byte[] associatedData = associatedData(entryId, version, field);
        State used = current();
        try {
            try {
                return used.aead().decrypt(ciphertext, associatedData);
            } catch (GeneralSecurityException e) {
                State reloaded = reload();
                if (reloaded.revision() == used.revision()) {
                    throw e;
                }
                return reloaded.aead().decrypt(ciphertext, associatedData);
            }
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException(
                    "The stored value of field " + field + " (version " + version + ") of vault entry " + entryId
                            + " does not decrypt: it was altered, moved from another row, or its key is gone",
                    e);
        }
    }

    /** Decrypts a value into a {@link Secret}. */
    public Secret openSecret(UUID entryId, int version, String field, byte[] ciphertext) {
        return Secret.of(new String(open(entryId, version, field, ciphertext), StandardCharsets.UTF_8));
    }

    /** The keyed fingerprint of a value: equal values have equal fingerprints; hex, 64 characters. */
    public String fingerprint(Secret value) {
        try {
            return HexFormat.of()
                    .formatHex(fingerprints.computePrimary(value.reveal().getBytes(StandardCharsets.UTF_8), 32));
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("A fingerprint could not be computed", e);
        }
    }

    /** The id of the key new values are sealed with. */
    public long primaryKeyId() {
        return Integer.toUnsignedLong(current().handle().getPrimary().getId());
    }

    /** Every key of the data key set with its state, counted with {@code valuesPerKey}. */
    public List<KeyUsage> usage(Map<Long, Long> valuesPerKey) {
        KeysetHandle handle = current().handle();
        List<KeyUsage> keys = new ArrayList<>();
        for (int i = 0; i < handle.size(); i++) {
            KeysetHandle.Entry entry = handle.getAt(i);
            long id = Integer.toUnsignedLong(entry.getId());
            String keyState =
                    entry.isPrimary() ? "PRIMARY" : entry.getStatus() == KeyStatus.ENABLED ? "ENABLED" : "DISABLED";
            keys.add(new KeyUsage(id, keyState, valuesPerKey.getOrDefault(id, 0L)));
        }
        valuesPerKey.forEach((id, count) -> {
            if (keys.stream().noneMatch(k -> k.keyId() == id)) {
                keys.add(new KeyUsage(id, "MISSING", count));
            }
        });
        return keys;
    }

    /**
     * The stored data key set with a fresh primary key added; older keys stay enabled. Not yet stored or used: give
     * it to {@link #store}, which refuses it if another node changed the key set meanwhile.
     */
    Change withNewPrimary() {
        State base = reload();
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(base.handle());
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary());
            return new Change(builder.build(), base.revision());
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("A new data key could not be made", e);
        }
    }

    /** The data key set with every key but the primary disabled, or empty when there is nothing to disable. */
    Optional<Change> withOnlyPrimaryEnabled() {
        State base = reload();
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(base.handle());
            boolean changed = false;
            for (int i = 0; i < builder.size(); i++) {
                KeysetHandle.Builder.Entry entry = builder.getAt(i);
                if (!entry.isPrimary() && entry.getStatus() == KeyStatus.ENABLED) {
                    entry.setStatus(KeyStatus.DISABLED);
                    changed = true;
                }
            }
            return changed ? Optional.of(new Change(builder.build(), base.revision())) : Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("The data key set could not be changed", e);
        }
    }

    /** Whether keys other than the primary still decrypt. */
    boolean hasOlderEnabledKeys() {
        KeysetHandle handle = current().handle();
        for (int i = 0; i < handle.size(); i++) {
            if (!handle.getAt(i).isPrimary() && handle.getAt(i).getStatus() == KeyStatus.ENABLED) {
                return true;
            }
        }
        return false;
    }

    /** A changed data key set and the revision of the stored one it was built from. */
    record Change(KeysetHandle handle, long baseRevision) {
        long primaryKeyId() {
            return Integer.toUnsignedLong(handle.getPrimary().getId());
        }
    }

    /**
     * How long this node has used the key set revision it uses now (read again first when the reload interval has
     * passed): elapsed time on this node since it stored that revision or first read it. Every other node reads
     * the revision at least once per reload interval, so once this exceeds the reload interval every node has
     * noticed the change, whichever node made it and whatever their clocks say.
     */
    Duration keySetHeldFor() {
        return Duration.ofNanos(System.nanoTime() - current().heldSinceNanos());
    }

    /**
     * Stores {@code change} wrapped by the master key, in the caller's transaction.
     *
     * @return false when another node changed the key set after {@code change} was built; nothing is stored
     */
    boolean store(Connection c, Change change) throws SQLException {
        return repository.update(
                c,
                DATA_KEY_SET,
                wrap(change.handle(), masterKey, DATA_KEY_SET),
                change.baseRevision(),
                clock.instant());
    }

    /** Starts using the key set stored as {@code change}, once committed. */
    void use(Change change) {
        try {
            long now = System.nanoTime();
            state = new State(
                    change.handle(),
                    change.handle().getPrimitive(RegistryConfiguration.get(), Aead.class),
                    change.baseRevision() + 1,
                    now,
                    now);
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("The data key set cannot be used", e);
        }
    }

    /** The key set in use, re-read from the database when the reload interval has passed. */
    private State current() {
        State s = state;
        return System.nanoTime() - s.checkedNanos() < reloadInterval.toNanos() ? s : reload();
    }

    /** Reads the stored revision and loads the key set when it differs from the one in use. */
    private synchronized State reload() {
        State s = state;
        long now = System.nanoTime();
        long revision = tx.read(c -> repository.revision(c, DATA_KEY_SET))
                .orElseThrow(() -> new VaultCryptoException("The vault data key set row is missing", null));
        if (revision == s.revision()) {
            state = new State(s.handle(), s.aead(), s.revision(), now, s.heldSinceNanos());
            return state;
        }
        KeySetRepository.StoredKeySet stored = tx.read(c -> repository.find(c, DATA_KEY_SET))
                .orElseThrow(() -> new VaultCryptoException("The vault data key set row is missing", null));
        try {
            state = stateOf(stored);
            return state;
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("The stored vault data key set does not open under the master key", e);
        }
    }

    private State stateOf(KeySetRepository.StoredKeySet stored) throws GeneralSecurityException {
        KeysetHandle handle = masterKey.unwrap(DATA_KEY_SET, stored.wrapped());
        long now = System.nanoTime();
        return new State(
                handle, handle.getPrimitive(RegistryConfiguration.get(), Aead.class), stored.revision(), now, now);
    }

    /** The data key id a Tink ciphertext names in its 5-byte prefix. */
    static long keyIdOf(byte[] ciphertext) {
        if (ciphertext.length < TINK_PREFIX || ciphertext[0] != 1) {
            throw new VaultCryptoException("A vault ciphertext has no key prefix", null);
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
    }

    private static byte[] associatedData(UUID entryId, int version, String field) {
        return ("bulwark:vault:" + entryId + ":" + version + ":" + field).getBytes(StandardCharsets.UTF_8);
    }

    private static String wrap(KeysetHandle handle, MasterKey masterKey, String name) {
        try {
            return masterKey.wrap(name, handle);
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("The key set " + name + " could not be wrapped", e);
        }
    }

    @Override
    public String toString() {
        return "SecretSealer[primary key " + primaryKeyId() + "]";
    }
}
