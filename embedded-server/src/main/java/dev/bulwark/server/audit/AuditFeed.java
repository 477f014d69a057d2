package dev.bulwark.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.model.Json;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.server.db.Transactions;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trail read in order for those who copy it elsewhere (the forwarders, decision 0034): records after a
 * sequence number as JSON lines exactly as hashed (so a receiver can recompute the chain), each signed checkpoint
 * as a line right after the record it vouches for. Reads run in read-only transactions, which never wait for or
 * hold up a writer.
 */
public final class AuditFeed {
    private static final ObjectMapper JSON = Json.lenient();

    private final Transactions tx;
    private final AuditRepository repository = new AuditRepository();

    public AuditFeed(Transactions tx) {
        this.tx = tx;
    }

    /**
     * One line to send: a record, or a checkpoint of the record before it.
     *
     * @param seq the record's sequence number (for a checkpoint, the record it vouches for)
     * @param checkpoint whether this is a checkpoint line
     * @param occurredAt when the record was written, or when the checkpoint was signed
     * @param failed whether the record's outcome is a failure or a denial
     * @param hash the record's hash (the hash the checkpoint signs)
     * @param json the line, without a line break
     */
    public record Line(long seq, boolean checkpoint, Instant occurredAt, boolean failed, String hash, String json) {}

    /** Up to {@code limit} records after {@code afterSeq}, each followed by the checkpoint of it, if any. */
    public List<Line> after(long afterSeq, int limit) {
        return tx.read(c -> {
            List<StoredAuditEvent> events = repository.chainPage(c, afterSeq, Long.MAX_VALUE, limit);
            if (events.isEmpty()) {
                return List.of();
            }
            List<AuditCheckpoint> checkpoints = repository.checkpointsBetween(
                    c, afterSeq + 1, events.getLast().seq());
            Iterator<AuditCheckpoint> next = checkpoints.iterator();
            AuditCheckpoint pending = next.hasNext() ? next.next() : null;
            List<Line> lines = new ArrayList<>(events.size() + checkpoints.size());
            for (StoredAuditEvent e : events) {
                lines.add(new Line(
                        e.seq(), false, e.occurredAt(), !"SUCCESS".equals(e.outcome()), e.hash(), write(eventLine(e))));
                while (pending != null && pending.seq() <= e.seq()) {
                    if (pending.seq() == e.seq()) {
                        lines.add(checkpoint(pending));
                    }
                    pending = next.hasNext() ? next.next() : null;
                }
            }
            return List.copyOf(lines);
        });
    }

    /** A checkpoint as a forwarded line: the witness file's fields (decision 0032) with {@code "type":"checkpoint"}. */
    public static Line checkpoint(AuditCheckpoint cp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "checkpoint");
        m.put("seq", cp.seq());
        m.put("hash", cp.hash());
        m.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(cp.createdAt()));
        m.put("keyId", cp.keyId());
        m.put("signature", cp.signature());
        return new Line(cp.seq(), true, cp.createdAt(), false, cp.hash(), write(m));
    }

    private static Map<String, Object> eventLine(StoredAuditEvent e) {
        Map<String, Object> m = AuditExport.eventLine(new AuditRepository.ExportRow(e, true));
        m.remove("matches");
        return m;
    }

    private static String write(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit line could not be written as JSON", e);
        }
    }
}
