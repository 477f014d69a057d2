package dev.bulwark.server.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.db.Transactions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replaces the master key in the key file: only the stored key sets are re-wrapped, no secret value is touched.
 *
 * <p>Crash safety: the new key is first written to {@code master.key.next}; one transaction re-wraps every key
 * set; only then the new file replaces {@code master.key}. A start that finds {@code master.key.next} ({@link
 * #finishInterrupted}) checks which key opens the stored key sets and keeps that one, so a crash at any point
 * leaves a server that starts with all its secrets.
 */
public final class MasterKeyRotation {
    /** The new key's file while a rotation is under way. */
    public static final String NEXT_FILE_NAME = "master.key.next";

    private static final System.Logger LOG = System.getLogger(MasterKeyRotation.class.getName());
    private static final String PROBE = "server";

    private MasterKeyRotation() {}

    /** What one re-wrap did, for the caller's audit record. */
    public interface AuditHook {
        void record(Connection c, int keySets) throws SQLException;
    }

    /**
     * Re-wraps every key set with a new master key and installs its key file.
     *
     * @throws StartupException when the master key comes from the environment (it cannot be changed from here)
     */
    public static int rotate(Transactions tx, MasterKey current, Path dataDirectory, AuditHook audit) {
        if (current.fromEnvironment()) {
            throw new StartupException("The master key comes from BULWARK_MASTER_KEY; this server cannot replace it."
                    + " Rotate it where it is kept, or move it to the key file first.");
        }
        Path next = dataDirectory.resolve(NEXT_FILE_NAME);
        Path file = dataDirectory.resolve(MasterKey.FILE_NAME);
        try {
            Files.deleteIfExists(next);
        } catch (IOException e) {
            throw new StartupException("The file " + next + " cannot be removed.", e);
        }
        MasterKey.create(next);
        MasterKey fresh = MasterKey.fromFile(next);
        int count = tx.write(c -> {
            Map<String, String> rows = keySets(c);
            for (Map.Entry<String, String> row : rows.entrySet()) {
                String rewrapped = rewrap(row.getKey(), row.getValue(), current, fresh);
                try (PreparedStatement s =
                        c.prepareStatement("UPDATE key_set SET encrypted_keyset = ?, updated_at = ? WHERE name = ?")) {
                    s.setString(1, rewrapped);
                    s.setTimestamp(2, Timestamp.from(Instant.now()));
                    s.setString(3, row.getKey());
                    s.executeUpdate();
                }
            }
            audit.record(c, rows.size());
            return rows.size();
        });
        install(next, file);
        return count;
    }

    /** Completes or undoes a rotation that a crash cut short; does nothing when none was under way. */
    public static void finishInterrupted(Transactions tx, Path dataDirectory, boolean keyFromEnvironment) {
        Path next = dataDirectory.resolve(NEXT_FILE_NAME);
        if (keyFromEnvironment || Files.notExists(next)) {
            return;
        }
        boolean nextOpens;
        try {
            MasterKey candidate = MasterKey.fromFile(next);
            nextOpens = tx.read(c -> {
                String wrapped = keySets(c).get(PROBE);
                return wrapped != null && opens(PROBE, wrapped, candidate);
            });
        } catch (StartupException e) {
            nextOpens = false;
        }
        if (nextOpens) {
            install(next, dataDirectory.resolve(MasterKey.FILE_NAME));
            LOG.log(System.Logger.Level.WARNING, "Finished a master key rotation that was cut short");
        } else {
            try {
                Files.delete(next);
            } catch (IOException e) {
                throw new StartupException("The unfinished master key file " + next + " cannot be removed.", e);
            }
            LOG.log(System.Logger.Level.WARNING, "Discarded a master key rotation that was cut short");
        }
    }

    private static Map<String, String> keySets(Connection c) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, encrypted_keyset FROM key_set ORDER BY name");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.put(r.getString(1), r.getString(2));
            }
        }
        return rows;
    }

    private static boolean opens(String name, String wrapped, MasterKey key) {
        try {
            TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(wrapped), key.aead(), associatedData(name));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String rewrap(String name, String wrapped, MasterKey from, MasterKey to) {
        try {
            KeysetHandle handle = TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(wrapped), from.aead(), associatedData(name));
            return Base64.getEncoder()
                    .encodeToString(
                            TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, to.aead(), associatedData(name)));
        } catch (GeneralSecurityException e) {
            throw new StartupException("The key set " + name + " does not open with the current master key.");
        }
    }

    private static byte[] associatedData(String name) {
        return ("bulwark:key-set:" + name).getBytes(StandardCharsets.UTF_8);
    }

    private static void install(Path next, Path file) {
        try {
            try {
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
            OwnerOnlyFiles.syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new StartupException("The new master key could not be moved to " + file + ".", e);
        }
    }
}
