package dev.bulwark.server.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.db.DatabaseException;
import dev.bulwark.server.db.Transactions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;

/**
 * Owns the server's Tink key set: an AES-256-GCM AEAD that encrypts the server's own secrets (signing keys,
 * provider secrets). The key set is stored in the database, encrypted with the {@link MasterKey}; it is created
 * on first start. It never changes afterwards (a master key rotation re-wraps it, keeping its keys), so nodes
 * load it once.
 */
public final class KeySets {
    private static final String SERVER = "server";

    private final Aead serverAead;

    private KeySets(Aead serverAead) {
        this.serverAead = serverAead;
    }

    /** Whether the database already holds a key set, i.e. whether this is an existing installation. */
    public static boolean exist(Transactions tx, KeySetRepository repository) {
        return tx.read(c -> repository.revision(c, SERVER).isPresent());
    }

    /**
     * Loads the server key set, or creates it on first start.
     *
     * @throws StartupException when the master key does not open the stored key set
     */
    public static KeySets load(Transactions tx, KeySetRepository repository, MasterKey masterKey, Clock clock) {
        try {
            KeysetHandle handle = masterKey.unwrap(
                    SERVER,
                    loadOrCreate(
                                    tx,
                                    repository,
                                    masterKey,
                                    SERVER,
                                    () -> KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                                    clock)
                            .wrapped());
            return new KeySets(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new StartupException(
                    "The master key (" + masterKey.source()
                            + ") does not open this server's key set. Use the master key this data directory was created with.");
        }
    }

    /** Makes a new key set. */
    @FunctionalInterface
    public interface Generator {
        KeysetHandle generate() throws GeneralSecurityException;
    }

    /**
     * The stored key set {@code name}, made with {@code generator} and stored when there is none. Two nodes starting
     * on an empty database at once both make one; the first stored wins and the other node uses it.
     *
     * @throws GeneralSecurityException when a new key set cannot be made or wrapped
     */
    public static KeySetRepository.StoredKeySet loadOrCreate(
            Transactions tx,
            KeySetRepository repository,
            MasterKey masterKey,
            String name,
            Generator generator,
            Clock clock)
            throws GeneralSecurityException {
        Optional<KeySetRepository.StoredKeySet> stored = tx.read(c -> repository.find(c, name));
        if (stored.isPresent()) {
            return stored.get();
        }
        String wrapped = masterKey.wrap(name, generator.generate());
        try {
            tx.write(c -> {
                repository.insert(c, name, wrapped, clock.instant());
                return null;
            });
        } catch (DatabaseException e) {
            if (tx.read(c -> repository.find(c, name)).isEmpty()) {
                throw e;
            }
        }
        return tx.read(c -> repository.find(c, name)).orElseThrow();
    }

    /** Encrypts the server's own secrets; callers bind each ciphertext to its owner with associated data. */
    public Aead serverAead() {
        return serverAead;
    }
}
