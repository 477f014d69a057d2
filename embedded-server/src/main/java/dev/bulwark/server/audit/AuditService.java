package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditCheckpoints;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditHistogram;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.AuditSummary;
import dev.bulwark.model.audit.ChainProblem;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.permission.Authorizer;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reading and verifying the audit trail. */
public final class AuditService {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final Transactions tx;
    private final AuditTrail trail;
    private final ChainVerifier verifier;
    private final Authorizer authorizer;
    private final AuditRepository repository = new AuditRepository();
    private final Clock clock;
    private final Optional<Path> witnessFile;

    /** @param witnessFile the checkpoint witness every verification checks the trail against (decision 0032) */
    public AuditService(
            Transactions tx,
            AuditTrail trail,
            ChainVerifier verifier,
            Authorizer authorizer,
            Optional<Path> witnessFile,
            Clock clock) {
        this.witnessFile = witnessFile;
        this.authorizer = authorizer;
        this.clock = clock;
        this.tx = tx;
        this.trail = trail;
        this.verifier = verifier;
    }

    /** The trail records are appended to, for the server's own tools. */
    public AuditTrail trail() {
        return trail;
    }

    /** Events matching {@code query}, newest first, with the cursor of the next page. */
    public AuditPage events(Caller caller, AuditQuery query) {
        requireAuditRead(caller);
        int limit = query.limit() == null ? DEFAULT_LIMIT : query.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "Use a limit between 1 and " + MAX_LIMIT + ".");
        }
        requireKnownAction(query);
        List<AuditEvent> events = tx.read(c -> repository.search(c, query, limit)).stream()
                .map(StoredAuditEvent::toEvent)
                .toList();
        Long next = events.size() == limit && events.getLast().seq() > 1
                ? events.getLast().seq()
                : null;
        return new AuditPage(events, next);
    }

    /**
     * How many events matching {@code query} fall into each bucket of {@code bucket} width ({@code null}: chosen
     * for 60 to 120 buckets). The range is widened to whole buckets, aligned to the epoch in UTC; without
     * {@code from} it starts at the oldest record, without {@code to} it ends now.
     */
    /**
     * Counts of the security events of the last {@code period} ("24h" or "7d"), per kind and bucket, for the
     * Dashboard (AUDIT READ).
     *
     * @throws ApiException {@code validation-failed} for another period
     */
    public AuditSummary summary(Caller caller, String period) {
        requireAuditRead(caller);
        Duration length =
                switch (period == null || period.isBlank() ? "24h" : period.strip()) {
                    case "24h" -> Duration.ofHours(24);
                    case "7d" -> Duration.ofDays(7);
                    default -> throw ApiException.invalid("period", "Choose 24h or 7d.");
                };
        Instant now = clock.instant();
        int bucketHours = AuditSummaries.bucketHours(length);
        Instant from = AuditSummaries.start(now, length, bucketHours);
        return tx.read(c -> AuditSummaries.summarise(
                repository.hourCountsSince(c, from),
                repository.topFailedSignIns(c, "address", from, AuditSummaries.TOP),
                repository.topFailedSignIns(c, "account", from, AuditSummaries.TOP),
                from,
                now,
                bucketHours));
    }

    public AuditHistogram histogram(Caller caller, AuditQuery query, Duration bucket) {
        requireAuditRead(caller);
        requireKnownAction(query);
        Instant to = query.to() != null ? query.to() : clock.instant();
        Instant from = query.from() != null
                ? query.from()
                : tx.read(c -> repository.find(c, 1))
                        .map(StoredAuditEvent::occurredAt)
                        .orElse(to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw ApiException.invalid("to", "The end of the range must come after its start.");
        }
        Duration width = bucket == null ? AuditHistograms.bucketFor(Duration.between(from, to)) : bucket;
        AuditHistograms.requireValid(width, from, to);
        return tx.read(c -> AuditHistograms.count(c, repository, query, from, to, width));
    }

    /**
     * Prepares an export of the events matching {@code query} in {@code format}; the caller streams it with
     * {@link AuditExport#writeTo}, which records the export in the trail. For a bundle, a checkpoint of the
     * current head is signed first if the newest one does not cover it, so the exported range ends at a signed
     * hash.
     */
    public AuditExport export(Caller caller, AuditQuery query, AuditExportFormat format) {
        requireAuditRead(caller);
        requireKnownAction(query);
        Instant exportedAt = clock.instant();
        if (format == AuditExportFormat.CSV) {
            Optional<AuditRepository.SeqRange> range =
                    tx.read(c -> repository.matchingRange(c, query, repository.seqRange(c, query)));
            return new AuditExport(tx, trail, caller, query, format, range, Map.of(), null, exportedAt);
        }
        Optional<AuditCheckpoint> sealed = trail.checkpointHead();
        return tx.read(c -> {
            AuditRepository.SeqRange window = repository.seqRange(c, query);
            long upTo = sealed.map(AuditCheckpoint::seq).orElse(0L);
            Optional<AuditRepository.SeqRange> matching = repository.matchingRange(
                    c, query, new AuditRepository.SeqRange(window.first(), Math.min(window.last(), upTo)));
            Optional<AuditRepository.SeqRange> range = Optional.empty();
            if (matching.isPresent()) {
                long anchor = repository
                        .checkpointAtOrAfter(c, matching.get().last())
                        .map(AuditCheckpoint::seq)
                        .orElse(upTo);
                range = Optional.of(new AuditRepository.SeqRange(matching.get().first(), anchor));
            }
            List<AuditCheckpoint> checkpoints = range.isEmpty()
                    ? List.of()
                    : repository.checkpointsBetween(
                            c, range.get().first(), range.get().last());
            AuditExport.Ends ends = null;
            if (range.isPresent()) {
                long first = range.get().first();
                long last = range.get().last();
                ends = new AuditExport.Ends(
                        repository
                                .find(c, first)
                                .map(StoredAuditEvent::prevHash)
                                .orElse(null),
                        repository.find(c, last).map(StoredAuditEvent::hash).orElse(null),
                        repository
                                .newestPolicy(c, null, first)
                                .map(e -> CheckpointPolicy.interval(e.diff()))
                                .filter(java.util.OptionalInt::isPresent)
                                .map(java.util.OptionalInt::getAsInt)
                                .orElse(null));
            }
            return new AuditExport(
                    tx,
                    trail,
                    caller,
                    query,
                    format,
                    range,
                    CheckpointKeys.publicKeys(c).toJSONObject(true),
                    ends,
                    exportedAt);
        });
    }

    private static void requireKnownAction(AuditQuery query) {
        for (String code : query.actions()) {
            if (AuditAction.fromCode(code).isEmpty()) {
                throw ApiException.invalid(
                        "action",
                        "This is not a known audit action: " + (code.length() > 64 ? code.substring(0, 64) + "…" : code)
                                + ".");
            }
        }
    }

    /** The event with sequence number {@code seq}. */
    public AuditEvent event(Caller caller, long seq) {
        requireAuditRead(caller);
        return tx.read(c -> repository.find(c, seq))
                .map(StoredAuditEvent::toEvent)
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no audit record " + seq + "."));
    }

    /** The signed checkpoints and their public keys; any signed-in user may check the chain against them. */
    public AuditCheckpoints checkpoints(Caller caller) {
        return tx.read(c -> new AuditCheckpoints(
                repository.checkpoints(c), CheckpointKeys.publicKeys(c).toJSONObject(true)));
    }

    /**
     * Recomputes the chain for {@code caller}, all of it or, with {@code fromText}, only what follows that record;
     * the run and its result are audited.
     *
     * @throws ApiException {@code validation-failed} when {@code fromText} is not a record number
     */
    public ChainVerification verify(Caller caller, String fromText) {
        requireAuditRead(caller);
        long from = 0;
        if (fromText != null && !fromText.isBlank()) {
            try {
                from = Long.parseLong(fromText.strip());
            } catch (NumberFormatException e) {
                throw ApiException.invalid("from", "Give the number of a record.");
            }
            if (from < 0) {
                throw ApiException.invalid("from", "Give the number of a record.");
            }
        }
        ChainVerification result = againstWitnesses(verifier.verifyFrom(from), witnessFile.stream());
        trail.recordAlone(verificationRecord(result).actor(caller.user()).from(caller.client()));
        return result;
    }

    /** Recomputes the chain for the operator at the server's command line; the run is audited as the system's. */
    public ChainVerification verifyLocally() {
        return verifyLocally(Optional.empty());
    }

    /**
     * Recomputes the chain for the operator at the server's command line and checks it against the configured
     * witness and {@code witness} (a file of checkpoints kept elsewhere); the run is audited as the system's.
     */
    public ChainVerification verifyLocally(Optional<Path> witness) {
        ChainVerification result =
                againstWitnesses(verifier.verify(), Stream.concat(witnessFile.stream(), witness.stream()));
        trail.recordAlone(verificationRecord(result).authMethod("command-line"));
        return result;
    }

    private ChainVerification againstWitnesses(ChainVerification result, Stream<Path> witnesses) {
        for (Path file : witnesses.distinct().toList()) {
            List<AuditCheckpoint> held;
            try {
                held = CheckpointWitness.read(file);
            } catch (NoSuchFileException e) {
                continue; // nothing witnessed yet
            } catch (IOException e) {
                return new ChainVerification(
                        false,
                        result.verifiedUpTo(),
                        result.checkpointsVerified(),
                        null,
                        ChainProblem.TRUNCATED,
                        "The witness file " + file + " cannot be read (" + e.getMessage()
                                + "), so a cut tail could not be ruled out.",
                        result.verifiedAt());
            }
            result = verifier.againstWitness(result, held);
        }
        return result;
    }

    private static AuditRecord verificationRecord(ChainVerification result) {
        return AuditRecord.of(AuditAction.AUDIT_VERIFY, result.intact() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE)
                .target("audit-trail", null, "audit trail")
                .reason(result.detail());
    }

    /**
     * The one permission check of the audit API: until module permissions exist, reading the trail needs the
     * ADMIN role. Every denial is audited.
     */
    private void requireAuditRead(Caller caller) {
        authorizer.require(caller, Module.AUDIT, AccessLevel.READ);
    }
}
