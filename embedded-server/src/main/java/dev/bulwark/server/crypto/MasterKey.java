package dev.bulwark.server.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import dev.bulwark.model.Secret;
import dev.bulwark.server.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The key-encryption key that wraps every Tink key set of the server.
 *
 * <p>It comes from {@code BULWARK_MASTER_KEY} (32 bytes in Base64) or from {@code master.key} in the data
 * directory, created on first start with owner-only permissions. A key file that other users may read is
 * refused. The master key itself is never written to the database, a backup, a log or an exception.
 */
public final class MasterKey {
    /** The file name of the key file in the data directory. */
    public static final String FILE_NAME = "master.key";

    private static final int KEY_BYTES = 32;
    private static final String ENV = "BULWARK_MASTER_KEY";

    private final Aead aead;
    private final String source;

    private MasterKey(Aead aead, String source) {
        this.aead = aead;
        this.source = source;
    }

    /**
     * Loads the master key from the environment value or the key file, creating the file when {@code
     * mayCreate} (a fresh installation) and there is none.
     *
     * @throws StartupException when the key is malformed, missing for an existing installation, or readable by
     *     others
     */
    public static MasterKey load(Optional<Secret> fromEnvironment, Path dataDirectory, boolean mayCreate) {
        if (fromEnvironment.isPresent()) {
            return new MasterKey(aead(decode(fromEnvironment.get().reveal(), ENV)), "environment (" + ENV + ")");
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.notExists(file)) {
            if (!mayCreate) {
                throw new StartupException("The master key is missing: set " + ENV + " or restore " + file
                        + ". Without it the stored secrets cannot be read.");
            }
            create(file);
        }
        return fromFile(file);
    }

    /** The key in {@code file}, which must be readable by its owner only. */
    public static MasterKey fromFile(Path file) {
        requireOwnerOnly(file);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return new MasterKey(aead(decode(text, file.toString())), "key file " + file);
        } catch (IOException e) {
            throw new StartupException("The master key file " + file + " cannot be read.", e);
        }
    }

    /** Whether the key came from the environment rather than a file. */
    public boolean fromEnvironment() {
        return source.startsWith("environment");
    }

    /** The AEAD that wraps key sets. */
    public Aead aead() {
        return aead;
    }

    /**
     * The key set {@code handle} stored as {@code name}, encrypted under this key (associated data: the name), as
     * base64 text for the {@code key_set} table.
     *
     * @throws GeneralSecurityException when Tink cannot serialise it
     */
    public String wrap(String name, KeysetHandle handle) throws GeneralSecurityException {
        return Base64.getEncoder()
                .encodeToString(
                        TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, aead, keySetAssociatedData(name)));
    }

    /**
     * The key set stored as {@code name}.
     *
     * @throws GeneralSecurityException when this key does not open it (another master key, or altered text)
     */
    public KeysetHandle unwrap(String name, String wrapped) throws GeneralSecurityException {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(wrapped), aead, keySetAssociatedData(name));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("The stored key set " + name + " is not base64");
        }
    }

    private static byte[] keySetAssociatedData(String name) {
        return ("bulwark:key-set:" + name).getBytes(StandardCharsets.UTF_8);
    }

    /** Where the key came from, without the key: for the posture report. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "MasterKey[" + source + "]";
    }

    private static byte[] decode(String base64, String where) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.trim());
            if (key.length == KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below without echoing the value
        }
        throw new StartupException("The master key in " + where
                + " must be 32 random bytes in Base64 (for example from: openssl rand -base64 32).");
    }

    private static Aead aead(byte[] keyBytes) {
        try {
            AeadConfig.register();
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(KEY_BYTES)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            AesGcmKey key = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(keyBytes, InsecureSecretKeyAccess.get()))
                    .build();
            return KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                    .build()
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The AES-GCM primitive is not available", e);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }

    /**
     * Writes a new random key to {@code file} unless one is there already, never replacing one: the key is written
     * to a temporary file, synced, and linked in place (a link fails when the name exists), then the directory is
     * synced, so a key that data may be encrypted under is on disk before anything using it commits. When two
     * processes race, one key wins and both read it: data is never encrypted under a key that lost.
     */
    static void create(Path file) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path temp = null;
        try {
            temp = OwnerOnlyFiles.createTemp(file.getParent(), ".master");
            OwnerOnlyFiles.writeSynced(
                    temp, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
            try {
                Files.createLink(file, temp);
            } catch (UnsupportedOperationException e) {
                Files.move(temp, file); // no hard links here: a move that refuses an existing file
                temp = null;
            }
            OwnerOnlyFiles.syncDirectory(file.getParent());
        } catch (FileAlreadyExistsException e) {
            // another process created it first: use theirs
        } catch (IOException e) {
            throw new StartupException("The master key file " + file + " could not be created.", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover temporary file holds a key nobody uses; owner-only, removed at the next creation
                }
            }
        }
    }

    private static void requireOwnerOnly(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : permissions) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new StartupException(
                            "The master key file " + file + " can be read by other users. Run: chmod 600 " + file);
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the platform's ACLs
        } catch (IOException e) {
            throw new StartupException("The permissions of the master key file " + file + " cannot be read.", e);
        }
    }
}
