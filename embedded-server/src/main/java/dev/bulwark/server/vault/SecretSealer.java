package dev.bulwark.server.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import dev.bulwark.model.Secret;
import dev.bulwark.model.vault.KeyUsage;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.db.Transactions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
 */
public final class SecretSealer {
    static final String DATA_KEY_SET = "vault-data";
    static final String FINGERPRINT_KEY_SET = "vault-fingerprint";
    private static final int TINK_PREFIX = 5;

    private final MasterKey masterKey;
    private final PrfSet fingerprints;
    private volatile State state;

    private record State(KeysetHandle handle, Aead aead) {}

    private SecretSealer(MasterKey masterKey, KeysetHandle data, PrfSet fingerprints) throws GeneralSecurityException {
        this.masterKey = masterKey;
        this.fingerprints = fingerprints;
        this.state = new State(data, data.getPrimitive(RegistryConfiguration.get(), Aead.class));
    }

    /**
     * Loads the vault's key sets, creating them on first start.
     *
     * @throws StartupException when the master key does not open them
     */
    public static SecretSealer load(Transactions tx, MasterKey masterKey) {
        try {
            AeadConfig.register();
            PrfConfig.register();
            KeysetHandle data = loadOrCreate(
                    tx, masterKey, DATA_KEY_SET, () -> KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
            KeysetHandle prf = loadOrCreate(
                    tx,
                    masterKey,
                    FINGERPRINT_KEY_SET,
                    () -> KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF));
            return new SecretSealer(masterKey, data, prf.getPrimitive(RegistryConfiguration.get(), PrfSet.class));
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
            byte[] ciphertext = state.aead().encrypt(plaintext, associatedData(entryId, version, field));
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
        try {
            return state.aead().decrypt(ciphertext, associatedData(entryId, version, field));
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
        return Integer.toUnsignedLong(state.handle().getPrimary().getId());
    }

    /** Every key of the data key set with its state, counted with {@code valuesPerKey}. */
    public List<KeyUsage> usage(Map<Long, Long> valuesPerKey) {
        KeysetHandle handle = state.handle();
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

    /** The data key set with a fresh primary key added; older keys stay enabled. Not yet stored or used. */
    KeysetHandle withNewPrimary() {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(state.handle());
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary());
            return builder.build();
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("A new data key could not be made", e);
        }
    }

    /** The data key set with every key but the primary disabled, or empty when there is nothing to disable. */
    Optional<KeysetHandle> withOnlyPrimaryEnabled() {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(state.handle());
            boolean changed = false;
            for (int i = 0; i < builder.size(); i++) {
                KeysetHandle.Builder.Entry entry = builder.getAt(i);
                if (!entry.isPrimary() && entry.getStatus() == KeyStatus.ENABLED) {
                    entry.setStatus(KeyStatus.DISABLED);
                    changed = true;
                }
            }
            return changed ? Optional.of(builder.build()) : Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("The data key set could not be changed", e);
        }
    }

    /** Whether keys other than the primary still decrypt. */
    boolean hasOlderEnabledKeys() {
        KeysetHandle handle = state.handle();
        for (int i = 0; i < handle.size(); i++) {
            if (!handle.getAt(i).isPrimary() && handle.getAt(i).getStatus() == KeyStatus.ENABLED) {
                return true;
            }
        }
        return false;
    }

    /** Stores {@code handle} wrapped by the master key, in the caller's transaction. */
    void store(Connection c, KeysetHandle handle) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE key_set SET encrypted_keyset = ?, updated_at = ? WHERE name = ?")) {
            s.setString(1, wrap(handle, masterKey, DATA_KEY_SET));
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.setString(3, DATA_KEY_SET);
            if (s.executeUpdate() != 1) {
                throw new SQLException("The vault data key set row is missing");
            }
        }
    }

    /** Starts using {@code handle}, once it is stored. */
    void use(KeysetHandle handle) {
        try {
            state = new State(handle, handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("The data key set cannot be used", e);
        }
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

    static byte[] keySetAssociatedData(String name) {
        return ("bulwark:key-set:" + name).getBytes(StandardCharsets.UTF_8);
    }

    private static String wrap(KeysetHandle handle, MasterKey masterKey, String name) {
        try {
            return Base64.getEncoder()
                    .encodeToString(TinkProtoKeysetFormat.serializeEncryptedKeyset(
                            handle, masterKey.aead(), keySetAssociatedData(name)));
        } catch (GeneralSecurityException e) {
            throw new VaultCryptoException("The key set " + name + " could not be wrapped", e);
        }
    }

    @FunctionalInterface
    private interface Generator {
        KeysetHandle generate() throws GeneralSecurityException;
    }

    private static KeysetHandle loadOrCreate(Transactions tx, MasterKey masterKey, String name, Generator generator)
            throws GeneralSecurityException {
        Optional<String> stored = tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT encrypted_keyset FROM key_set WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
        if (stored.isPresent()) {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(stored.get()), masterKey.aead(), keySetAssociatedData(name));
        }
        KeysetHandle handle = generator.generate();
        String wrapped = wrap(handle, masterKey, name);
        tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO key_set (name, encrypted_keyset, created_at, updated_at) VALUES (?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                s.setString(1, name);
                s.setString(2, wrapped);
                s.setTimestamp(3, now);
                s.setTimestamp(4, now);
                return s.executeUpdate();
            }
        });
        return handle;
    }

    @Override
    public String toString() {
        return "SecretSealer[primary key " + primaryKeyId() + "]";
    }
}
