package dev.bulwark.server.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.db.Transactions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Owns the server's Tink key set: an AES-256-GCM AEAD that encrypts the server's own secrets (signing keys,
 * provider secrets). The key set is stored in the database, encrypted with the {@link MasterKey}; it is created
 * on first start.
 */
public final class KeySets {
    private static final String SERVER = "server";

    private final Aead serverAead;

    private KeySets(Aead serverAead) {
        this.serverAead = serverAead;
    }

    /** Whether the database already holds a key set, i.e. whether this is an existing installation. */
    public static boolean exist(Transactions tx) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM key_set WHERE name = ?")) {
                s.setString(1, SERVER);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /**
     * Loads the server key set, or creates it on first start.
     *
     * @throws StartupException when the master key does not open the stored key set
     */
    public static KeySets load(Transactions tx, MasterKey masterKey) {
        byte[] associatedData = ("bulwark:key-set:" + SERVER).getBytes(StandardCharsets.UTF_8);
        Optional<String> stored = tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT encrypted_keyset FROM key_set WHERE name = ?")) {
                s.setString(1, SERVER);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
        try {
            KeysetHandle handle;
            if (stored.isPresent()) {
                handle = TinkProtoKeysetFormat.parseEncryptedKeyset(
                        Base64.getDecoder().decode(stored.get()), masterKey.aead(), associatedData);
            } else {
                handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                String encrypted = Base64.getEncoder()
                        .encodeToString(TinkProtoKeysetFormat.serializeEncryptedKeyset(
                                handle, masterKey.aead(), associatedData));
                tx.write(c -> {
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO key_set (name, encrypted_keyset, created_at, updated_at) VALUES (?, ?, ?, ?)")) {
                        Timestamp now = Timestamp.from(Instant.now());
                        s.setString(1, SERVER);
                        s.setString(2, encrypted);
                        s.setTimestamp(3, now);
                        s.setTimestamp(4, now);
                        return s.executeUpdate();
                    }
                });
            }
            return new KeySets(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new StartupException(
                    "The master key (" + masterKey.source()
                            + ") does not open this server's key set. Use the master key this data directory was created with.");
        }
    }

    /** Encrypts the server's own secrets; callers bind each ciphertext to its owner with associated data. */
    public Aead serverAead() {
        return serverAead;
    }
}
