package dev.bulwark.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Verifies an audit bundle ({@link AuditExport}) offline: needs the file only, no server and no secret.
 *
 * <p>Reads the file once, line by line, in constant memory. Checks: every checkpoint's ES256 signature by a key of the bundle (or of {@code trustedKeys} when
 * given); the records' sequence numbers follow without a gap from the header's first to its last; each record
 * names its predecessor's hash; each record's hash matches its content; each checkpoint names the hash of the
 * record it vouches for; the last record is vouched for by a checkpoint (the range is anchored); the end line's
 * counts match (the file was not cut short). The first record's link to its predecessor, the header (filter,
 * export time) and the {@code matches} flags are not signed, and the result says so.
 */
public final class BundleVerifier {
    private static final String UNREADABLE = "unreadable line";
    private final ObjectMapper json = Json.lenient();

    /**
     * What was verified, or the first thing that failed.
     *
     * @param intact whether everything checked out
     * @param firstSeq the first record of the range, if any
     * @param lastSeq the last record verified (the whole range when intact)
     * @param events the event records read
     * @param matching of those, the ones the header says match the export's filter
     * @param filtered whether the export had a filter other than a time window
     * @param checkpoints the checkpoints whose signature and hash were verified
     * @param anchorSeq the record whose signed checkpoint anchors the range, if any
     * @param keyIds the ids of the keys that signed the verified checkpoints
     * @param brokenLine the line of the file where verification failed, 0 when intact
     * @param detail a sentence a person understands
     */
    public record Result(
            boolean intact,
            Long firstSeq,
            Long lastSeq,
            long events,
            long matching,
            boolean filtered,
            int checkpoints,
            Long anchorSeq,
            List<String> keyIds,
            long brokenLine,
            String detail) {}

    /** Verifies {@code file}; {@code trustedKeys}, when given, replaces the bundle's own keys for signatures. */
    public Result verify(Path file, Optional<JWKSet> trustedKeys) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in =
                new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder), 64 * 1024)) {
            return new Run(in, trustedKeys).verify();
        } catch (CharacterCodingException e) {
            return new Result(false, null, null, 0, 0, false, 0, null, List.of(), 0, "The file is not UTF-8 text.");
        }
    }

    private final class Run {
        private final BufferedReader in;
        private final Optional<JWKSet> trustedKeys;
        private long lineNo;
        private Long firstSeq;
        private Long lastSeqClaimed;
        private boolean filtered;
        private CheckpointKeys.SignatureCheck signatures;
        private final List<String> keyIds = new ArrayList<>();
        private int checkpoints;
        private long events;
        private long matching;
        private long lastSeq;
        private String lastHash;
        private Long anchorSeq;

        Run(BufferedReader in, Optional<JWKSet> trustedKeys) {
            this.in = in;
            this.trustedKeys = trustedKeys;
        }

        Result verify() throws IOException {
            JsonNode header = next();
            if (header == null
                    || !"bundle".equals(text(header, "type"))
                    || !"bulwark-audit-bundle".equals(text(header, "format"))) {
                return broken("The file does not start with a Bulwark audit bundle header.");
            }
            if (header.path("version").asInt() != 1) {
                return broken("This bundle version is not known: " + header.path("version") + ".");
            }
            firstSeq = header.hasNonNull("firstSeq") ? header.get("firstSeq").asLong() : null;
            lastSeqClaimed =
                    header.hasNonNull("lastSeq") ? header.get("lastSeq").asLong() : null;
            JsonNode filter = header.path("filter");
            filter.fieldNames().forEachRemaining(name -> {
                if (!name.equals("from") && !name.equals("to")) {
                    filtered = true;
                }
            });
            JsonNode keyLine = next();
            if (keyLine == null || !"keys".equals(text(keyLine, "type"))) {
                return broken("The bundle's public keys are missing.");
            }
            try {
                signatures = new CheckpointKeys.SignatureCheck(
                        trustedKeys.orElse(JWKSet.parse(json.convertValue(keyLine.get("keys"), Map.class))));
            } catch (ParseException | IllegalArgumentException e) {
                return broken("The bundle's public keys cannot be read.");
            }
            JsonNode line = next();
            while (line != null && ("event".equals(text(line, "type")) || "checkpoint".equals(text(line, "type")))) {
                Result bad = "event".equals(text(line, "type")) ? event(line) : checkpoint(line);
                if (bad != null) {
                    return bad;
                }
                line = next();
            }
            if (line != null && UNREADABLE.equals(text(line, "type"))) {
                return broken("Line " + lineNo + " cannot be read: it is not valid JSON (the file was changed).");
            }
            if (line == null || !"end".equals(text(line, "type"))) {
                return broken(
                        line == null
                                ? "The bundle ends early: its end line is missing (the file was cut short)."
                                : "Line " + lineNo + " is not in its place (" + text(line, "type") + ").");
            }
            if (line.path("events").asLong(-1) != events
                    || (lastSeqClaimed != null && events > 0 && lastSeq != lastSeqClaimed)) {
                return broken("The bundle's end line names " + line.path("events") + " events up to record "
                        + lastSeqClaimed + ", but " + events + " up to record " + lastSeq + " are in it.");
            }
            if (events > 0 && (anchorSeq == null || anchorSeq != lastSeq)) {
                return broken(
                        "The range is not anchored: no signed checkpoint vouches for its last record " + lastSeq + ".");
            }
            String range = events == 0 ? "no records" : "records " + firstSeq + ".." + lastSeq;
            return new Result(
                    true,
                    firstSeq,
                    events == 0 ? null : lastSeq,
                    events,
                    matching,
                    filtered,
                    checkpoints,
                    anchorSeq,
                    List.copyOf(keyIds),
                    0,
                    "Verified " + range + " (" + events + " events)" + ": hash chain continuous, every hash matches"
                            + " its record, " + checkpoints + " signed checkpoints valid"
                            + (anchorSeq == null ? "" : ", anchored by the checkpoint at record " + anchorSeq)
                            + ".");
        }

        private Result checkpoint(JsonNode cp) {
            long seq = cp.path("seq").asLong();
            String keyId = text(cp, "keyId");
            Instant createdAt;
            try {
                createdAt = Instant.parse(text(cp, "createdAt"));
            } catch (DateTimeParseException | NullPointerException e) {
                return broken("The checkpoint at record " + seq + " has no valid time.");
            }
            if (keyId == null || !signatures.verify(keyId, seq, text(cp, "hash"), createdAt, text(cp, "signature"))) {
                return broken("The checkpoint at record " + seq + " does not carry a valid signature"
                        + (trustedKeys.isPresent() ? " by a trusted key." : " by the bundle's keys."));
            }
            if (events == 0 || seq != lastSeq) {
                return broken("The checkpoint at record " + seq + " does not follow that record.");
            }
            if (!lastHash.equals(text(cp, "hash"))) {
                return broken("The signed checkpoint at record " + seq + " names another hash than the record's.");
            }
            if (!keyIds.contains(keyId)) {
                keyIds.add(keyId);
            }
            checkpoints++;
            anchorSeq = seq;
            return null;
        }

        private Result event(JsonNode e) {
            StoredAuditEvent stored;
            try {
                stored = new StoredAuditEvent(
                        e.path("seq").asLong(),
                        UUID.fromString(text(e, "id")),
                        Instant.parse(text(e, "occurredAt")),
                        text(e, "actorKind"),
                        text(e, "actorId") == null ? null : UUID.fromString(text(e, "actorId")),
                        text(e, "actorEmail"),
                        text(e, "authMethod"),
                        text(e, "sourceIp"),
                        text(e, "client"),
                        text(e, "action"),
                        text(e, "targetType"),
                        text(e, "targetId"),
                        text(e, "targetName"),
                        text(e, "outcome"),
                        text(e, "reason"),
                        text(e, "requestId"),
                        text(e, "diff"),
                        text(e, "prevHash"),
                        text(e, "hash"));
            } catch (IllegalArgumentException | DateTimeParseException | NullPointerException ex) {
                return broken("Record " + e.path("seq") + " cannot be read.");
            }
            long seq = stored.seq();
            if (events == 0) {
                if (firstSeq == null || seq != firstSeq) {
                    return broken("The first record is " + seq + ", but the header says " + firstSeq + ".");
                }
            } else if (seq != lastSeq + 1) {
                return broken(
                        seq > lastSeq + 1
                                ? "Record " + (lastSeq + 1) + " is missing: it was removed from the bundle."
                                : "Record " + seq + " is out of order after record " + lastSeq + ".");
            } else if (!lastHash.equals(stored.prevHash())) {
                return broken("Record " + seq + " does not follow record " + lastSeq
                        + ": records were removed, inserted or reordered.");
            }
            if (stored.prevHash() == null
                    || stored.hash() == null
                    || stored.prevHash().length() != 64) {
                return broken("Record " + seq + " has no valid hash.");
            }
            String computed;
            try {
                computed = stored.computeHash(stored.prevHash());
            } catch (IllegalArgumentException ex) {
                return broken("Record " + seq + " has no valid hash.");
            }
            if (!computed.equals(stored.hash())) {
                return broken("Record " + seq + " does not match its hash: it was changed.");
            }
            events++;
            if (e.path("matches").asBoolean(true)) {
                matching++;
            }
            lastSeq = seq;
            lastHash = stored.hash();
            return null;
        }

        private JsonNode next() throws IOException {
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            lineNo++;
            try {
                return json.readTree(line);
            } catch (JsonProcessingException e) {
                return json.createObjectNode().put("type", UNREADABLE);
            }
        }

        private Result broken(String detail) {
            return new Result(
                    false,
                    firstSeq,
                    events == 0 ? null : lastSeq,
                    events,
                    matching,
                    filtered,
                    checkpoints,
                    anchorSeq,
                    List.copyOf(keyIds),
                    lineNo,
                    detail);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
