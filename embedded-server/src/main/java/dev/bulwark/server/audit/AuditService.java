package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditCheckpoints;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.permission.Authorizer;
import java.util.List;

/** Reading and verifying the audit trail. */
public final class AuditService {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final Transactions tx;
    private final AuditTrail trail;
    private final ChainVerifier verifier;
    private final Authorizer authorizer;
    private final AuditRepository repository = new AuditRepository();

    public AuditService(Transactions tx, AuditTrail trail, ChainVerifier verifier, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.tx = tx;
        this.trail = trail;
        this.verifier = verifier;
    }

    /** Events matching {@code query}, newest first, with the cursor of the next page. */
    public AuditPage events(Caller caller, AuditQuery query) {
        requireAuditRead(caller);
        int limit = query.limit() == null ? DEFAULT_LIMIT : query.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "Use a limit between 1 and " + MAX_LIMIT + ".");
        }
        if (query.action() != null && AuditAction.fromCode(query.action()).isEmpty()) {
            throw ApiException.invalid("action", "This is not a known audit action.");
        }
        List<AuditEvent> events = tx.read(c -> repository.search(c, query, limit)).stream()
                .map(StoredAuditEvent::toEvent)
                .toList();
        Long next = events.size() == limit && events.getLast().seq() > 1
                ? events.getLast().seq()
                : null;
        return new AuditPage(events, next);
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

    /** Recomputes the chain for {@code caller}; the run and its result are audited. */
    public ChainVerification verify(Caller caller) {
        requireAuditRead(caller);
        ChainVerification result = verifier.verify();
        trail.recordAlone(verificationRecord(result).actor(caller.user()).from(caller.client()));
        return result;
    }

    /** Recomputes the chain for the operator at the server's command line; the run is audited as the system's. */
    public ChainVerification verifyLocally() {
        ChainVerification result = verifier.verify();
        trail.recordAlone(verificationRecord(result).authMethod("command-line"));
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
