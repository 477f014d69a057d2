package dev.bulwark.server.backup;

import com.google.crypto.tink.Aead;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.Version;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;

/**
 * Writes one encrypted backup file from a consistent snapshot of the live database: the dump is compressed and
 * encrypted as it is produced, into an owner-only temporary file next to the target, which is moved into place only
 * when complete. A failed backup leaves nothing behind.
 */
final class BackupMaker {
    private final DataSource dataSource;
    private final DatabaseDump dump;
    private final Aead masterKey;
    private final UUID serverId;
    private final Clock clock;

    BackupMaker(DataSource dataSource, DatabaseDump dump, Aead masterKey, UUID serverId, Clock clock) {
        this.dataSource = dataSource;
        this.dump = dump;
        this.masterKey = masterKey;
        this.serverId = serverId;
        this.clock = clock;
    }

    /** A finished backup file and its manifest. */
    record Made(Path file, BackupManifest manifest, long sizeBytes) {}

    /**
     * Backs the database up into the new file {@code target}.
     *
     * @throws ApiException {@code backup-failed} when the file cannot be written (its reason in one sentence);
     *     {@code conflict} when {@code target} exists
     */
    Made write(Path target) {
        Path directory = target.toAbsolutePath().getParent();
        if (Files.exists(target)) {
            throw ApiException.of(ProblemType.CONFLICT, "The file " + target + " exists already; choose a new name.");
        }
        UUID backupId = UUID.randomUUID();
        BackupFile.PayloadKey key = BackupFile.newPayloadKey(masterKey, backupId);
        Path temp = null;
        try {
            createDirectories(directory);
            temp = createOwnerOnlyTemp(directory);
            BackupManifest manifest;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                MessageDigest cipherDigest = BackupFile.sha256();
                Counting cipherOut = new Counting(
                        new DigestOutputStream(new Unclosable(BackupFile.payloadOutput(channel)), cipherDigest));
                Snapshot snapshot;
                long plainBytes;
                try (OutputStream encrypted =
                        key.aead().newEncryptingStream(cipherOut, BackupFile.payloadAssociatedData(backupId))) {
                    GZIPOutputStream gzip = new GZIPOutputStream(encrypted, 64 * 1024);
                    Counting plain = new Counting(gzip);
                    snapshot = dumpSnapshot(plain);
                    gzip.finish();
                    plainBytes = plain.count;
                }
                manifest = new BackupManifest(
                        BackupFile.FORMAT,
                        backupId,
                        serverId,
                        Version.current(),
                        snapshot.at(),
                        dump.kind(),
                        snapshot.schemaVersion(),
                        snapshot.auditHeadSeq(),
                        snapshot.auditHeadHash(),
                        snapshot.users(),
                        snapshot.groups(),
                        snapshot.vaultEntries(),
                        plainBytes,
                        cipherOut.count,
                        HexFormat.of().formatHex(cipherDigest.digest()),
                        key.wrapped(),
                        snapshot.schema(),
                        snapshot.toolVersion());
                BackupFile.writeHeader(channel, manifest, masterKey);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            syncDirectory(directory);
            return new Made(target, manifest, Files.size(target));
        } catch (FileAlreadyExistsException e) {
            throw ApiException.of(ProblemType.CONFLICT, "The file " + target + " exists already; choose a new name.");
        } catch (java.nio.file.NotDirectoryException e) {
            throw ApiException.of(
                    ProblemType.BACKUP_FAILED,
                    "The backup could not be written: " + directory + " is not a directory.");
        } catch (AccessDeniedException e) {
            throw ApiException.of(
                    ProblemType.BACKUP_FAILED, "The backup could not be written: " + directory + " is not writable.");
        } catch (IOException | GeneralSecurityException e) {
            throw ApiException.of(
                    ProblemType.BACKUP_FAILED,
                    "The backup could not be written to " + directory + " ("
                            + e.getClass().getSimpleName() + ").");
        } catch (SQLException e) {
            throw ApiException.of(ProblemType.BACKUP_FAILED, "The database could not be read for the backup.");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // an owner-only, encrypted partial file; reported by the failure above
                }
            }
        }
    }

    private record Snapshot(
            Instant at,
            String schemaVersion,
            long auditHeadSeq,
            String auditHeadHash,
            long users,
            long groups,
            long vaultEntries,
            String schema,
            String toolVersion) {}

    /** Reads the manifest's facts and the dump in one snapshot transaction, so that they describe the same state. */
    private Snapshot dumpSnapshot(OutputStream out) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                DatabaseDump.Snapshot fixed = dump.beginSnapshot(c);
                Instant at = clock.instant();
                long seq;
                String hash;
                try (PreparedStatement s =
                                c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                        ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new SQLException("The audit trail's head row is missing");
                    }
                    seq = r.getLong(1);
                    hash = r.getString(2);
                }
                Snapshot snapshot = new Snapshot(
                        at,
                        schemaVersion(c),
                        seq,
                        hash,
                        count(c, "app_user"),
                        count(c, "app_group"),
                        count(c, "vault_entry"),
                        fixed.schema(),
                        fixed.toolVersion());
                dump.dump(c, fixed, out);
                c.commit();
                return snapshot;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        }
    }

    static String schemaVersion(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL"
                                + " ORDER BY \"installed_rank\" DESC FETCH FIRST 1 ROWS ONLY");
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getString(1) : "";
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (Files.exists(directory)) {
            throw new java.nio.file.NotDirectoryException(directory.toString());
        }
        try {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(directory);
        }
    }

    private static Path createOwnerOnlyTemp(Path directory) throws IOException {
        try {
            return Files.createTempFile(
                    directory,
                    ".backup-",
                    ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(directory, ".backup-", ".partial");
        }
    }

    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not possible on this platform (Windows makes renames durable itself)
        }
    }

    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** The file channel outlives the payload stream: the header is written after it. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
