package dev.bulwark.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.model.Json;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.db.Transactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A copy of every signed checkpoint outside the database (setting {@code audit.witness-file}, decision 0032): one
 * JSON line per checkpoint, appended and synced within about a second of its commit. Someone who can write the
 * database can cut the trail's tail after its newest checkpoint and the chain still verifies; the witness still
 * holds the later checkpoints, and {@code verify-audit} (and every verification on the server) reports the cut.
 */
public final class CheckpointWitness implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CheckpointWitness.class.getName());
    private static final ObjectMapper JSON = Json.lenient();
    private static final long POLL_MILLIS = 1_000;

    private final Path file;
    private final Transactions tx;
    private final AuditRepository repository = new AuditRepository();
    private final Semaphore wake = new Semaphore(0);
    private long witnessedUpTo;
    private Thread writer;
    private volatile boolean closed;

    private CheckpointWitness(Path file, Transactions tx, long witnessedUpTo) {
        this.file = file;
        this.tx = tx;
        this.witnessedUpTo = witnessedUpTo;
    }

    /**
     * Opens the witness file (created when the first checkpoint is written), refusing one inside the data directory,
     * where it would share the database's fate.
     */
    public static CheckpointWitness open(Path file, Path dataDirectory, Transactions tx) {
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.startsWith(dataDirectory.toAbsolutePath().normalize())) {
            throw new StartupException("The setting audit.witness-file must name a file outside the data directory "
                    + dataDirectory + ": a witness kept with the database can be cut with it.");
        }
        try {
            List<AuditCheckpoint> held = read(absolute);
            return new CheckpointWitness(
                    absolute, tx, held.isEmpty() ? 0 : held.getLast().seq());
        } catch (NoSuchFileException e) {
            return new CheckpointWitness(absolute, tx, 0);
        } catch (IOException | UncheckedIOException e) {
            throw new StartupException("The audit witness file " + absolute + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The checkpoints a witness file holds, in the order written. Also reads what a forwarding destination received
     * (decision 0034): a line may start with a syslog header before its JSON, and lines whose {@code type} is not
     * {@code checkpoint} (the records themselves) are passed over.
     */
    public static List<AuditCheckpoint> read(Path file) throws IOException {
        List<AuditCheckpoint> held = new ArrayList<>();
        int line = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            int start = text.indexOf('{');
            if (text.isBlank()) {
                continue;
            }
            try {
                if (start < 0) {
                    throw new IOException("line " + line + " is not a checkpoint");
                }
                JsonNode node = JSON.readTree(text.substring(start));
                JsonNode type = node.get("type");
                if (type != null && !"checkpoint".equals(type.asText())) {
                    continue;
                }
                held.add(JSON.treeToValue(node, AuditCheckpoint.class));
            } catch (JsonProcessingException e) {
                throw new IOException("line " + line + " is not a checkpoint", e);
            }
        }
        return held;
    }

    /** Starts the writer, which appends what was checkpointed since the file's last line. */
    public void start() {
        writer = Thread.ofVirtual().name("audit-witness").start(this::run);
    }

    /** A checkpoint may have been committed: the writer looks soon. */
    void checkpointed() {
        wake.release();
    }

    /** Appends every committed checkpoint the file does not hold yet, and syncs it. */
    synchronized void catchUp() throws IOException {
        List<AuditCheckpoint> fresh = tx.read(c -> repository.checkpointsAfter(c, witnessedUpTo));
        if (fresh.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (AuditCheckpoint checkpoint : fresh) {
            lines.append(JSON.writeValueAsString(checkpoint)).append('\n');
        }
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        witnessedUpTo = fresh.getLast().seq();
    }

    private void run() {
        while (!closed) {
            try {
                wake.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                catchUp();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "The audit witness file " + file + " could not be written; retrying", e);
            }
        }
    }

    /** Stops the writer after a last catch-up. */
    @Override
    public void close() {
        closed = true;
        if (writer != null) {
            writer.interrupt();
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            catchUp();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "The audit witness file " + file + " could not be written at shutdown", e);
        }
    }

    /** The witness file's path. */
    public Path file() {
        return file;
    }
}
