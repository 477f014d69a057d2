package dev.bulwark.model.client;

import dev.bulwark.model.audit.AuditCheckpoints;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditHistogram;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.AuditSummary;
import dev.bulwark.model.audit.ChainVerification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** The audit trail: reading events, the timeline, checkpoints, verifying the chain and exporting. */
public final class AuditClient {
    private static final long PROGRESS_STEP = 500;

    private final Transport transport;

    AuditClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/audit/events}: events matching {@code query}, newest first. */
    public AuditPage events(AuditQuery query) {
        return transport.sendAuthenticated("GET", "/api/v1/audit/events" + queryString(query), null, AuditPage.class);
    }

    /** {@code GET /api/v1/audit/events/{seq}}. */
    public AuditEvent event(long seq) {
        return transport.sendAuthenticated("GET", "/api/v1/audit/events/" + seq, null, AuditEvent.class);
    }

    /** {@code GET /api/v1/audit/summary}: counts of security events in the last {@code period} ("24h" or "7d"). */
    public AuditSummary summary(String period) {
        return transport.sendAuthenticated("GET", "/api/v1/audit/summary?period=" + period, null, AuditSummary.class);
    }

    /** {@code GET /api/v1/audit/checkpoints}: signed checkpoints and the public keys that verify them. */
    public AuditCheckpoints checkpoints() {
        return transport.sendAuthenticated("GET", "/api/v1/audit/checkpoints", null, AuditCheckpoints.class);
    }

    /** {@code POST /api/v1/audit/verify}: recomputes the chain on the server; the run is itself audited. */
    public ChainVerification verify() {
        return transport.sendAuthenticated("POST", "/api/v1/audit/verify", null, ChainVerification.class);
    }

    /**
     * {@code POST /api/v1/audit/verify?from=SEQ}: recomputes only what follows record {@code fromSeq}, taking that
     * record as stored; for a client that pinned the record's hash and checks it itself. Audited like
     * {@link #verify()}.
     */
    public ChainVerification verifyFrom(long fromSeq) {
        return transport.sendAuthenticated(
                "POST", "/api/v1/audit/verify?from=" + fromSeq, null, ChainVerification.class);
    }

    /**
     * {@code GET /api/v1/audit/histogram}: how many events matching {@code query} fall into each bucket of
     * {@code bucket} width (failures counted apart), for the timeline. {@code limit} and {@code before} are ignored.
     *
     * @param bucket the bucket width, whole seconds; {@code null} lets the server choose one that gives 60 to 120
     *     buckets over the range
     */
    public AuditHistogram histogram(AuditQuery query, Duration bucket) {
        StringJoiner s = filters(query);
        if (bucket != null) {
            add(s, "bucket", bucket.toSeconds());
        }
        return transport.sendAuthenticated("GET", "/api/v1/audit/histogram" + s, null, AuditHistogram.class);
    }

    /**
     * {@code GET /api/v1/audit/export}: streams the events matching {@code query} (oldest first; {@code limit} and
     * {@code before} are ignored) into {@code target} in {@code format}. The file is written under a temporary name
     * next to {@code target} and moved into place only when complete, replacing an older file; on failure or
     * cancellation the temporary file is deleted and {@code target} is left untouched. The server records the
     * export in the audit trail.
     *
     * @param eventsWritten told the running count of event records written, at most every few hundred events
     * @param cancelled asked between reads; when it answers {@code true} the download stops within a second
     * @return the number of event records in the file (for a bundle this includes the records around the matching
     *     ones that make the range verifiable)
     * @throws CancellationException when {@code cancelled} stopped it
     * @throws UncheckedIOException when the file cannot be written
     * @throws dev.bulwark.model.problem.ApiException when the server refuses or cannot be reached
     */
    public long export(
            AuditQuery query,
            AuditExportFormat format,
            Path target,
            LongConsumer eventsWritten,
            BooleanSupplier cancelled) {
        StringJoiner s = filters(query);
        add(s, "format", format.code());
        Path directory = target.toAbsolutePath().getParent();
        Path partial;
        try {
            partial = Files.createTempFile(directory, "." + target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a file in " + directory, e);
        }
        boolean complete = false;
        try {
            long count = transport.receive(
                    "/api/v1/audit/export" + s, body -> copy(body, partial, format, eventsWritten, cancelled));
            move(partial, target);
            complete = true;
            return count;
        } finally {
            if (!complete) {
                deleteQuietly(partial);
            }
        }
    }

    private static long copy(
            InputStream body, Path partial, AuditExportFormat format, LongConsumer progress, BooleanSupplier cancelled)
            throws IOException {
        ExportCounter counter = new ExportCounter(format);
        byte[] buffer = new byte[64 * 1024];
        long reported = 0;
        OutputStream out = openLocal(partial);
        try {
            for (int n = read(body, buffer, cancelled); n >= 0; n = read(body, buffer, cancelled)) {
                out.write(buffer, 0, n);
                counter.accept(buffer, n);
                if (counter.events() - reported >= PROGRESS_STEP) {
                    reported = counter.events();
                    progress.accept(reported);
                }
            }
        } finally {
            closeLocal(out, partial);
        }
        progress.accept(counter.events());
        return counter.events();
    }

    private static int read(InputStream body, byte[] buffer, BooleanSupplier cancelled) throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("The export was cancelled.");
        }
        return body.read(buffer);
    }

    private static OutputStream openLocal(Path file) {
        try {
            return new LocalFileStream(Files.newOutputStream(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static void closeLocal(OutputStream out, Path file) {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Reports a failing write to the local file as such, not as a failing connection. */
    private static final class LocalFileStream extends java.io.FilterOutputStream {
        private final Path file;

        LocalFileStream(OutputStream out, Path file) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file, e);
            }
        }
    }

    private static void move(Path partial, Path target) {
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException again) {
                throw new UncheckedIOException("Cannot move the export to " + target, again);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the export to " + target, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless: it is hidden and never has the target's name
        }
    }

    static String queryString(AuditQuery q) {
        StringJoiner s = filters(q);
        add(s, "limit", q.limit());
        add(s, "before", q.before());
        return s.toString();
    }

    private static StringJoiner filters(AuditQuery q) {
        StringJoiner s = new StringJoiner("&", "?", "").setEmptyValue("");
        add(s, "from", q.from());
        add(s, "to", q.to());
        add(s, "actor", q.actor());
        add(s, "action", q.action());
        add(s, "targetType", q.targetType());
        add(s, "targetId", q.targetId());
        add(s, "outcome", q.outcome());
        add(s, "ip", q.ip());
        add(s, "q", q.q());
        add(s, "target", q.target());
        return s;
    }

    private static void add(StringJoiner s, String name, Object value) {
        if (value != null) {
            s.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }
}
