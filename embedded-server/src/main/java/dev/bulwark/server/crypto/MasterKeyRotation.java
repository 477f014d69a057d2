package dev.bulwark.server.crypto;

import dev.bulwark.server.StartupException;
import dev.bulwark.server.db.Transactions;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

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
    public static int rotate(
            Transactions tx,
            KeySetRepository repository,
            MasterKey current,
            Path dataDirectory,
            Clock clock,
            AuditHook audit) {
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
            List<KeySetRepository.StoredKeySet> rows = repository.all(c);
            for (KeySetRepository.StoredKeySet row : rows) {
                String rewrapped = rewrap(row.name(), row.wrapped(), current, fresh);
                if (!repository.update(c, row.name(), rewrapped, row.revision(), clock.instant())) {
                    throw new SQLException("The key set " + row.name() + " changed during the re-wrap");
                }
            }
            audit.record(c, rows.size());
            return rows.size();
        });
        install(next, file);
        return count;
    }

    /** Completes or undoes a rotation that a crash cut short; does nothing when none was under way. */
    public static void finishInterrupted(
            Transactions tx, KeySetRepository repository, Path dataDirectory, boolean keyFromEnvironment) {
        Path next = dataDirectory.resolve(NEXT_FILE_NAME);
        if (keyFromEnvironment || Files.notExists(next)) {
            return;
        }
        boolean nextOpens;
        try {
            MasterKey candidate = MasterKey.fromFile(next);
            nextOpens = tx.read(c -> repository
                    .find(c, PROBE)
                    .filter(row -> opens(PROBE, row.wrapped(), candidate))
                    .isPresent());
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

    private static boolean opens(String name, String wrapped, MasterKey key) {
        try {
            key.unwrap(name, wrapped);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String rewrap(String name, String wrapped, MasterKey from, MasterKey to) {
        try {
            return to.wrap(name, from.unwrap(name, wrapped));
        } catch (GeneralSecurityException e) {
            throw new StartupException("The key set " + name + " does not open with the current master key.");
        }
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
