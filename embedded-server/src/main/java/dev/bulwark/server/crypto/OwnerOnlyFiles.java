package dev.bulwark.server.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files that hold key material: written readable by their owner only, and checked for it. */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {}

    /** How a file's permissions look to the checks. */
    public enum Access {
        /** Only the owner may read or write it. */
        OWNER_ONLY,
        /** Its group or every user may read or write it. */
        SHARED,
        /** Not a POSIX file system: the platform's ACLs decide, which this check cannot see. */
        UNKNOWN
    }

    /**
     * Who may read {@code file}.
     *
     * @throws IOException when the permissions cannot be read (for example the file does not exist)
     */
    public static Access accessOf(Path file) throws IOException {
        try {
            for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    return Access.SHARED;
                }
            }
            return Access.OWNER_ONLY;
        } catch (UnsupportedOperationException e) {
            return Access.UNKNOWN;
        }
    }

    /** Writes {@code text} to {@code file} through a temporary file created owner-only, then moved in place. */
    public static void write(Path file, String text) throws IOException {
        Path temp;
        try {
            temp = Files.createTempFile(
                    file.getParent(), ".key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(file.getParent(), ".key", ".tmp");
        }
        try {
            Files.writeString(temp, text, java.nio.charset.StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates an empty temporary file in {@code directory}, readable by its owner only where the platform allows. */
    static Path createTemp(Path directory, String prefix) throws IOException {
        try {
            return Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(directory, prefix, ".tmp");
        }
    }

    /** Writes {@code bytes} to {@code file} and forces them to the disk before returning. */
    static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Forces {@code directory}'s entries (a file created, linked or renamed in it) to the disk. Platforms that
     * cannot open a directory (Windows) make their renames durable themselves.
     */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // not possible on this platform
        }
    }
}
