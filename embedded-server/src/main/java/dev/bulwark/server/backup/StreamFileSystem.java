package dev.bulwark.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FilePath;

/**
 * An H2 file system whose "files" are streams handed over in memory: {@code SCRIPT TO 'bulwark-stream:ID'} writes
 * into the encrypting stream registered under ID and {@code RUNSCRIPT FROM 'bulwark-stream:ID'} reads from the
 * decrypting one, so the database's SQL dump never lands in a file in plain text.
 */
final class StreamFileSystem extends FilePath {
    private static final String SCHEME = "bulwark-stream";
    private static final Map<String, OutputStream> OUTPUTS = new ConcurrentHashMap<>();
    private static final Map<String, InputStream> INPUTS = new ConcurrentHashMap<>();

    static {
        FilePath.register(new StreamFileSystem());
    }

    /** A name under which H2 writes into {@code out}; {@link #release} it after use. */
    static String register(OutputStream out) {
        String name = SCHEME + ":" + UUID.randomUUID();
        OUTPUTS.put(name, out);
        return name;
    }

    /** A name under which H2 reads from {@code in}; {@link #release} it after use. */
    static String register(InputStream in) {
        String name = SCHEME + ":" + UUID.randomUUID();
        INPUTS.put(name, in);
        return name;
    }

    static void release(String name) {
        OUTPUTS.remove(name);
        INPUTS.remove(name);
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        OutputStream out = OUTPUTS.get(name);
        if (out == null) {
            throw new IOException("No backup stream is registered under this name");
        }
        return new NonClosing(out);
    }

    @Override
    public InputStream newInputStream() throws IOException {
        InputStream in = INPUTS.get(name);
        if (in == null) {
            throw new IOException("No backup stream is registered under this name");
        }
        return in;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FilePath getPath(String path) {
        StreamFileSystem p = new StreamFileSystem();
        p.name = path;
        return p;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public void moveTo(FilePath newName, boolean atomicReplace) {
        throw new UnsupportedOperationException("backup streams cannot be moved");
    }

    @Override
    public boolean createFile() {
        return false;
    }

    @Override
    public boolean exists() {
        return OUTPUTS.containsKey(name) || INPUTS.containsKey(name);
    }

    @Override
    public void delete() {
        // nothing to delete: the stream belongs to the backup code
    }

    @Override
    public List<FilePath> newDirectoryStream() {
        return List.of();
    }

    @Override
    public FilePath toRealPath() {
        return this;
    }

    @Override
    public FilePath getParent() {
        return null;
    }

    @Override
    public boolean isDirectory() {
        return false;
    }

    @Override
    public boolean isRegularFile() {
        return true;
    }

    @Override
    public boolean isAbsolute() {
        return true;
    }

    @Override
    public long lastModified() {
        return 0;
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public void createDirectory() {
        throw new UnsupportedOperationException("backup streams have no directories");
    }

    @Override
    public FileChannel open(String mode) {
        throw new UnsupportedOperationException("backup streams are streams, not files");
    }

    @Override
    public boolean setReadOnly() {
        return false;
    }

    /** H2 closes what it wrote to; the backup code closes the encrypting stream itself, after the last byte. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
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
