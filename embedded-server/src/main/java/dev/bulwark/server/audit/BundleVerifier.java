package dev.bulwark.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Verifies an audit bundle ({@link AuditExport}) offline: needs the file only, no server and no secret.
 *
 * <p>Reads the file once, line by line, in constant memory. Checks: the header's signature and that its readable
 * fields are the signed ones (range, the hash before the first record and of the last, filter, export time,
 * checkpoint interval); every checkpoint's ES256 signature; the records' sequence numbers follow without a gap
 * from the header's first to its last; each record names its predecessor's hash; each record's hash matches its
 * content; each checkpoint names the hash of the record it vouches for; no more records than the checkpoint
 * interval pass without a checkpoint; the last record is vouched for by a checkpoint (the range is anchored);
 * the end line's counts match (the file was not cut short).
 *
 * <p>Keys carried in the bundle prove nothing by themselves (decision 0028). With a {@link Trust} (a JWK set or
 * pinned key thumbprints) every checkpoint and the header must be signed by a trusted key, or by a key that a
 * record of the bundle introduces ({@code audit.checkpoint-key.create}) and whose introduction is checkpointed by
 * a trusted key; then the origin is proven. Without one the result is at most self-consistent.
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
     * @param originProven whether every signature is by a trusted key (never without a {@link Trust})
     * @param thumbprints the RFC 7638 thumbprints of the keys in {@code keyIds}, by key id
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
            String detail,
            boolean originProven,
            Map<String, String> thumbprints) {}

    /**
     * What the verifier trusts: the keys of a JWK set (by key id; they replace the bundle's keys of those ids) and
     * keys whose RFC 7638 thumbprint is pinned.
     */
    public record Trust(Optional<JWKSet> keys, Set<String> thumbprints) {
        public Trust {
            thumbprints = Set.copyOf(thumbprints);
        }

        /** Nothing is trusted: a bundle can then only be self-consistent. */
        public static Trust none() {
            return new Trust(Optional.empty(), Set.of());
        }

        /** Whether anything is trusted. */
        public boolean given() {
            return keys.isPresent() || !thumbprints.isEmpty();
        }
    }

    /** Verifies {@code file}; its origin is proven only against {@code trust}. */
    public Result verify(Path file, Trust trust) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in =
                new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder), 64 * 1024)) {
            return new Run(in, trust).verify();
        } catch (CharacterCodingException e) {
            return new Result(
                    false,
                    null,
                    null,
                    0,
                    0,
                    false,
                    0,
                    null,
                    List.of(),
                    0,
                    "The file is not UTF-8 text.",
                    false,
                    Map.of());
        }
    }

    private final class Run {
        private final BufferedReader in;
        private final Trust trust;
        private final Map<String, String> thumbprints = new HashMap<>();
        private final Set<String> trusted = new HashSet<>();
        private JsonNode signed;
        private String headerKeyId;
        private String firstPrevHash;
        private String lastHashClaimed;
        private int interval;
        private int allowed;
        private long lastCheckpointSeq;
        private String introducedKey;
        private long introducedAt;
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

        Run(BufferedReader in, Trust trust) {
            this.in = in;
            this.trust = trust;
        }

        Result verify() throws IOException {
            JsonNode header = next();
            if (header == null
                    || !"bundle".equals(text(header, "type"))
                    || !"bulwark-audit-bundle".equals(text(header, "format"))) {
                return broken("The file does not start with a Bulwark audit bundle header.");
            }
            if (header.path("version").asInt() == 1) {
                return broken("This bundle comes from an older server and its header is not signed: export it again.");
            }
            if (header.path("version").asInt() != AuditExport.BUNDLE_VERSION) {
                return broken("This bundle version is not known: " + header.path("version") + ".");
            }
            JsonNode keyLine = next();
            if (keyLine == null || !"keys".equals(text(keyLine, "type"))) {
                return broken("The bundle's public keys are missing.");
            }
            try {
                signatures = new CheckpointKeys.SignatureCheck(signingKeys(keyLine));
            } catch (ParseException | IllegalArgumentException e) {
                return broken("The bundle's public keys cannot be read.");
            }
            Optional<CheckpointKeys.SignatureCheck.SignedHeader> header0 =
                    signatures.bundleHeader(text(header, "signature"));
            if (header0.isEmpty()) {
                return broken("The bundle's header does not carry a valid signature"
                        + (trust.keys().isPresent() ? " by a trusted key." : " by the bundle's keys."));
            }
            headerKeyId = header0.get().keyId();
            signed = json.valueToTree(header0.get().fields());
            for (String field : SIGNED_FIELDS) {
                if (!sameValue(header.get(field), signed.get(field))) {
                    return broken("The bundle's header was changed: its " + field + " is not the signed one.");
                }
            }
            firstSeq = signed.hasNonNull("firstSeq") ? signed.get("firstSeq").asLong() : null;
            lastSeqClaimed =
                    signed.hasNonNull("lastSeq") ? signed.get("lastSeq").asLong() : null;
            firstPrevHash = text(signed, "firstPrevHash");
            lastHashClaimed = text(signed, "lastHash");
            interval = signed.path("checkpointInterval").asInt(0);
            allowed = interval;
            lastCheckpointSeq = firstSeq == null ? 0 : firstSeq - 1;
            JsonNode filter = signed.path("filter");
            filter.fieldNames().forEachRemaining(name -> {
                if (!name.equals("from") && !name.equals("to")) {
                    filtered = true;
                }
            });
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
            if (events > 0 && !lastHash.equals(lastHashClaimed)) {
                return broken("The signed header names another hash for record " + lastSeq + " than the record's.");
            }
            if (trust.given() && !trusted.contains(headerKeyId)) {
                return broken("The bundle's header is signed by key " + headerKeyId + ", which is not trusted.");
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
                            + ".",
                    trust.given(),
                    keyThumbprints());
        }

        /** The bundle's keys, with a trusted key set's key in place of the bundle's key of the same id. */
        private JWKSet signingKeys(JsonNode keyLine) throws ParseException {
            JWKSet carried = JWKSet.parse(json.convertValue(keyLine.get("keys"), Map.class));
            Map<String, JWK> byId = new LinkedHashMap<>();
            carried.getKeys().forEach(k -> byId.put(k.getKeyID(), k));
            trust.keys().ifPresent(set -> set.getKeys().forEach(k -> {
                byId.put(k.getKeyID(), k);
                trusted.add(k.getKeyID());
            }));
            for (JWK k : byId.values()) {
                thumbprints.put(k.getKeyID(), CheckpointKeys.thumbprint(k));
                if (trust.thumbprints().contains(thumbprints.get(k.getKeyID()))) {
                    trusted.add(k.getKeyID());
                }
            }
            return new JWKSet(List.copyOf(byId.values()));
        }

        private Map<String, String> keyThumbprints() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String kid : keyIds) {
                m.put(kid, thumbprints.get(kid));
            }
            if (headerKeyId != null) {
                m.putIfAbsent(headerKeyId, thumbprints.get(headerKeyId));
            }
            return m;
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
                        + (trust.keys().isPresent() ? " by a trusted key." : " by the bundle's keys."));
            }
            if (trust.given() && !trusted.contains(keyId)) {
                return broken(
                        "The checkpoint at record " + seq + " is signed by key " + keyId + ", which is not trusted.");
            }
            if (allowed > 0 && seq - lastCheckpointSeq > allowed) {
                long due = lastCheckpointSeq + allowed;
                return broken("The signed checkpoint due by record " + due + " is missing: no checkpoint follows"
                        + " within " + allowed + " records, so one was removed.");
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
            if (introducedKey != null && seq == introducedAt && trusted.contains(keyId)) {
                trusted.add(introducedKey); // handed over: a trusted key signs the record that introduces the next
            }
            if (seq >= introducedAt) {
                introducedKey = null;
            }
            lastCheckpointSeq = seq;
            allowed = interval;
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
                if (!java.util.Objects.equals(stored.prevHash(), firstPrevHash)) {
                    return broken("Record " + seq + " does not link to the hash the signed header names.");
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
            if (CheckpointPolicy.states(stored.action())) {
                if (CheckpointPolicy.KEY_CREATE.equals(stored.action())) {
                    String kid = stored.targetId();
                    Optional<String> introduced = CheckpointPolicy.thumbprint(stored.diff());
                    if (kid != null && introduced.isPresent()) {
                        String carried = thumbprints.get(kid);
                        if (carried != null && !carried.equals(introduced.get())) {
                            return broken("Record " + seq + " introduces checkpoint key " + kid
                                    + ", but the bundle carries another key under that id.");
                        }
                        thumbprints.putIfAbsent(kid, introduced.get());
                        introducedKey = kid;
                        introducedAt = seq;
                    }
                }
                var stated = CheckpointPolicy.interval(stored.diff());
                if (stated.isPresent()) {
                    interval = stated.getAsInt();
                    allowed = Math.max(allowed, interval);
                }
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
                    detail,
                    false,
                    keyThumbprints());
        }
    }

    private static final List<String> SIGNED_FIELDS = List.of(
            "format",
            "version",
            "exportedAt",
            "filter",
            "firstSeq",
            "lastSeq",
            "firstPrevHash",
            "lastHash",
            "checkpointInterval");

    private static boolean sameValue(JsonNode shown, JsonNode signed) {
        boolean shownEmpty = shown == null || shown.isNull();
        boolean signedEmpty = signed == null || signed.isNull();
        if (shownEmpty || signedEmpty) {
            return shownEmpty && signedEmpty;
        }
        if (shown.isContainerNode() || signed.isContainerNode()) {
            return shown.equals(signed);
        }
        return shown.asText().equals(signed.asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
