package dev.bulwark.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.model.Json;
import dev.bulwark.model.SpreadsheetText;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One export of the audit trail, prepared by {@link AuditService#export} and written by {@link #writeTo}.
 *
 * <p>Reads the records in pages of {@value #PAGE} by sequence number, so memory stays constant however many are
 * exported. A <b>bundle</b> is one JSON Lines file (decision 0015): a {@code bundle} header, the public
 * checkpoint {@code keys}, every {@code event} of the range exactly as hashed (with {@code matches} telling
 * whether it matches the filter), each signed {@code checkpoint} right after the record it vouches for, and an
 * {@code end} line with the counts.
 * The range runs from the first matching record to the first checkpoint at or after the last one, so the chain
 * can be recomputed without gaps and ends at a signed hash. A <b>CSV</b> file holds the matching records only.
 * Either way the export is recorded in the trail ({@code audit.export}) when it ends, with its count.
 */
public final class AuditExport {
    static final int PAGE = 1_000;
    private static final int FLUSH_EVERY = 200;
    private static final String BUNDLE_FORMAT = "bulwark-audit-bundle";
    /** Version 2: the header (range, its end hashes, filter, time, interval) is signed (decision 0028). */
    static final int BUNDLE_VERSION = 2;

    private static final List<String> CSV_COLUMNS = List.of(
            "seq",
            "occurred_at",
            "actor_kind",
            "actor_id",
            "actor_email",
            "auth_method",
            "source_ip",
            "client",
            "action",
            "target_type",
            "target_id",
            "target_name",
            "outcome",
            "reason",
            "request_id",
            "diff",
            "hash");

    private final Transactions tx;
    private final AuditTrail trail;
    private final AuditRepository repository = new AuditRepository();
    private final Caller caller;
    private final AuditQuery query;
    private final AuditExportFormat format;
    private final Optional<AuditRepository.SeqRange> range;
    private final Map<String, Object> keys;
    private final Ends ends;
    private final Instant exportedAt;

    /**
     * What the signed header states about the range besides its sequence numbers (decision 0028).
     *
     * @param firstPrevHash the hash the first record links to
     * @param lastHash the hash of the last record, which its checkpoint signs too
     * @param checkpointInterval the checkpoint interval the chain states at the first record, if it states one
     */
    record Ends(String firstPrevHash, String lastHash, Integer checkpointInterval) {}

    private final ObjectMapper json = Json.lenient();

    AuditExport(
            Transactions tx,
            AuditTrail trail,
            Caller caller,
            AuditQuery query,
            AuditExportFormat format,
            Optional<AuditRepository.SeqRange> range,
            Map<String, Object> keys,
            Ends ends,
            Instant exportedAt) {
        this.tx = tx;
        this.trail = trail;
        this.caller = caller;
        this.query = query;
        this.format = format;
        this.range = range;
        this.keys = keys;
        this.ends = ends;
        this.exportedAt = exportedAt;
    }

    /** The media type of the file. */
    public String contentType() {
        return format == AuditExportFormat.CSV ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    }

    /** A file name for the download. */
    public String fileName() {
        String stamp = DateTimeFormatter.ISO_INSTANT
                .format(exportedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .replace(":", "");
        return "bulwark-audit-" + stamp + (format == AuditExportFormat.CSV ? ".csv" : ".audit.jsonl");
    }

    /**
     * Streams the export to {@code out} and records it in the trail; a failed or abandoned download is recorded
     * as a failure with the count written so far.
     */
    public void writeTo(OutputStream out) {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        long[] counts = new long[2]; // events written, of which matching
        try {
            if (format == AuditExportFormat.CSV) {
                writeCsv(w, counts);
            } else {
                writeBundle(w, counts);
            }
            w.flush();
        } catch (IOException | RuntimeException e) {
            trail.recordAlone(record(AuditOutcome.FAILURE, counts)
                    .reason("The export stopped after " + counts[0] + " events: " + describe()));
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        trail.recordAlone(record(AuditOutcome.SUCCESS, counts).reason(summary(counts)));
    }

    private AuditRecord record(AuditOutcome outcome, long[] counts) {
        return AuditRecord.of(AuditAction.AUDIT_EXPORT, outcome)
                .actor(caller.user())
                .from(caller.client())
                .target("audit-trail", null, "audit trail");
    }

    private String summary(long[] counts) {
        String records =
                range.map(r -> " (records " + r.first() + ".." + r.last() + ")").orElse("");
        return "Exported " + (format == AuditExportFormat.CSV ? counts[0] : counts[1]) + " events as " + format.code()
                + records + ": " + describe();
    }

    /** The filter in words, for the trail. */
    private String describe() {
        StringJoiner s = new StringJoiner(", ", "format " + format.code() + ", filter: ", "");
        s.setEmptyValue("format " + format.code() + ", no filter");
        add(s, "from", query.from());
        add(s, "to", query.to());
        add(s, "actor", query.actor());
        add(s, "action", query.action());
        add(s, "targetType", query.targetType());
        add(s, "targetId", query.targetId());
        add(s, "outcome", query.outcome());
        add(s, "ip", query.ip());
        add(s, "q", query.q());
        add(s, "target", query.target());
        String text = s.toString();
        return text.endsWith("filter: ") ? "format " + format.code() + ", no filter" : text;
    }

    private static void add(StringJoiner s, String name, Object value) {
        if (value != null) {
            s.add(name + "=" + value);
        }
    }

    private void writeBundle(Writer w, long[] counts) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "bundle");
        header.put("format", BUNDLE_FORMAT);
        header.put("version", BUNDLE_VERSION);
        header.put("exportedAt", DateTimeFormatter.ISO_INSTANT.format(exportedAt));
        header.put("filter", filter());
        header.put("firstSeq", range.map(AuditRepository.SeqRange::first).orElse(null));
        header.put("lastSeq", range.map(AuditRepository.SeqRange::last).orElse(null));
        header.put("firstPrevHash", ends == null ? null : ends.firstPrevHash());
        header.put("lastHash", ends == null ? null : ends.lastHash());
        header.put("checkpointInterval", ends == null ? null : ends.checkpointInterval());
        Map<String, Object> signed = new LinkedHashMap<>(header);
        signed.remove("type");
        header.put("signature", trail.keys().signBundleHeader(signed));
        line(w, header);
        Map<String, Object> keyLine = new LinkedHashMap<>();
        keyLine.put("type", "keys");
        keyLine.put("keys", keys);
        line(w, keyLine);
        eachRecord(true, (row, checkpoint, flush) -> {
            line(w, eventLine(row));
            counts[0]++;
            if (row.matches()) {
                counts[1]++;
            }
            if (checkpoint != null) {
                line(w, checkpointLine(checkpoint));
            }
            if (flush) {
                w.flush();
            }
        });
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("type", "end");
        end.put("events", counts[0]);
        end.put("matching", counts[1]);
        end.put("firstSeq", range.map(AuditRepository.SeqRange::first).orElse(null));
        end.put("lastSeq", range.map(AuditRepository.SeqRange::last).orElse(null));
        line(w, end);
    }

    private Map<String, Object> filter() {
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, "from", query.from() == null ? null : DateTimeFormatter.ISO_INSTANT.format(query.from()));
        put(f, "to", query.to() == null ? null : DateTimeFormatter.ISO_INSTANT.format(query.to()));
        put(f, "actor", query.actor());
        put(f, "action", query.action());
        put(f, "targetType", query.targetType());
        put(f, "targetId", query.targetId());
        put(f, "outcome", query.outcome() == null ? null : query.outcome().name());
        put(f, "ip", query.ip());
        put(f, "q", query.q());
        put(f, "target", query.target());
        return f;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static Map<String, Object> checkpointLine(AuditCheckpoint cp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "checkpoint");
        m.put("seq", cp.seq());
        m.put("hash", cp.hash());
        m.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(cp.createdAt()));
        m.put("keyId", cp.keyId());
        m.put("signature", cp.signature());
        return m;
    }

    /** An event line: the stored fields exactly as hashed, in canonical order. */
    static Map<String, Object> eventLine(AuditRepository.ExportRow row) {
        StoredAuditEvent e = row.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "event");
        m.put("matches", row.matches());
        m.put("seq", e.seq());
        m.put("id", e.id().toString());
        m.put("occurredAt", DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()));
        m.put("actorKind", e.actorKind());
        m.put("actorId", e.actorId() == null ? null : e.actorId().toString());
        m.put("actorEmail", e.actorEmail());
        m.put("authMethod", e.authMethod());
        m.put("sourceIp", e.sourceIp());
        m.put("client", e.client());
        m.put("action", e.action());
        m.put("targetType", e.targetType());
        m.put("targetId", e.targetId());
        m.put("targetName", e.targetName());
        m.put("outcome", e.outcome());
        m.put("reason", e.reason());
        m.put("requestId", e.requestId());
        m.put("diff", e.diff());
        m.put("prevHash", e.prevHash());
        m.put("hash", e.hash());
        return m;
    }

    private void writeCsv(Writer w, long[] counts) throws IOException {
        w.write(String.join(",", CSV_COLUMNS));
        w.write("\r\n");
        eachRecord(false, (row, checkpoint, flush) -> {
            if (row.matches()) {
                StoredAuditEvent e = row.event();
                List<String> cells = java.util.Arrays.asList(
                        Long.toString(e.seq()),
                        DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()),
                        e.actorKind(),
                        e.actorId() == null ? null : e.actorId().toString(),
                        e.actorEmail(),
                        e.authMethod(),
                        e.sourceIp(),
                        e.client(),
                        e.action(),
                        e.targetType(),
                        e.targetId(),
                        e.targetName(),
                        e.outcome(),
                        e.reason(),
                        e.requestId(),
                        e.diff(),
                        e.hash());
                StringJoiner line = new StringJoiner(",", "", "\r\n");
                for (String cell : cells) {
                    line.add(csvCell(cell));
                }
                w.write(line.toString());
                counts[0]++;
                counts[1]++;
            }
            if (flush) {
                w.flush();
            }
        });
    }

    /**
     * One CSV cell: RFC 4180 quoting, and a text that a spreadsheet would run as a formula (starting with {@code =
     * + - @}, a tab or a carriage return) is prefixed with an apostrophe so it stays text.
     */
    static String csvCell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = SpreadsheetText.defused(value);
        if (text.indexOf('"') >= 0 || text.indexOf(',') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    @FunctionalInterface
    private interface RowWriter {
        /** Writes {@code row}; {@code checkpoint} is the signed checkpoint of that record, if any. */
        void write(AuditRepository.ExportRow row, AuditCheckpoint checkpoint, boolean flush) throws IOException;
    }

    private void eachRecord(boolean withCheckpoints, RowWriter writer) throws IOException {
        if (range.isEmpty()) {
            return;
        }
        record Page(List<AuditRepository.ExportRow> rows, Map<Long, AuditCheckpoint> checkpoints) {}
        long after = range.get().first() - 1;
        long last = range.get().last();
        long written = 0;
        while (after < last) {
            long from = after;
            Page page = tx.read(c -> {
                List<AuditRepository.ExportRow> rows = repository.exportPage(c, query, from, last, PAGE);
                Map<Long, AuditCheckpoint> checkpoints = new HashMap<>();
                if (withCheckpoints && !rows.isEmpty()) {
                    for (AuditCheckpoint cp : repository.checkpointsBetween(
                            c,
                            rows.getFirst().event().seq(),
                            rows.getLast().event().seq())) {
                        checkpoints.put(cp.seq(), cp);
                    }
                }
                return new Page(rows, checkpoints);
            });
            if (page.rows().isEmpty()) {
                break;
            }
            for (AuditRepository.ExportRow row : page.rows()) {
                writer.write(row, page.checkpoints().get(row.event().seq()), ++written % FLUSH_EVERY == 0);
            }
            after = page.rows().getLast().event().seq();
        }
    }

    private void line(Writer w, Map<String, Object> value) throws IOException {
        try {
            w.write(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An export line could not be written", e);
        }
        w.write('\n');
    }
}
