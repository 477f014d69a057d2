package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.user.User;
import dev.bulwark.server.http.ClientInfo;
import java.util.Objects;

/**
 * What a service asks the {@link AuditTrail} to record. Built fluently:
 *
 * <pre>{@code
 * AuditRecord.of(AuditAction.AUTH_LOGIN_SUCCESS, AuditOutcome.SUCCESS)
 *         .actor(user).authMethod("password").from(client)
 *         .target("session", sessionId, user.email())
 * }</pre>
 *
 * The trail adds sequence number, id, time, request id and hash. Without an actor the record names the server
 * itself ({@code system}).
 */
public final class AuditRecord {
    private static final int REASON_MAX = 500;
    private static final int EMAIL_MAX = 254;
    private static final int NAME_MAX = 254;

    final AuditAction action;
    final AuditOutcome outcome;
    AuditActor actor = new AuditActor(AuditActor.Kind.SYSTEM, null, null);
    String authMethod;
    String sourceIp;
    String client;
    String targetType;
    String targetId;
    String targetName;
    String reason;
    String requestId;
    AuditDiff diff;

    private AuditRecord(AuditAction action, AuditOutcome outcome) {
        this.action = Objects.requireNonNull(action, "action");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    public static AuditRecord of(AuditAction action, AuditOutcome outcome) {
        return new AuditRecord(action, outcome);
    }

    /** Done by {@code user}, named with their id and email as of now. */
    /** A successful change made by {@code actor} from {@code from} to the entity {@code targetType}/{@code targetId}. */
    public static AuditRecord change(
            AuditAction action, User actor, ClientInfo from, String targetType, Object targetId, AuditDiff diff) {
        return of(action, AuditOutcome.SUCCESS)
                .actor(actor)
                .from(from)
                .target(targetType, targetId, null)
                .diff(diff);
    }

    public AuditRecord actor(User user) {
        actor = new AuditActor(AuditActor.Kind.USER, user.id(), user.email());
        return this;
    }

    /** Done by someone not signed in who gave {@code attemptedEmail} (for example a failed sign-in). */
    public AuditRecord anonymous(String attemptedEmail) {
        actor = new AuditActor(AuditActor.Kind.ANONYMOUS, null, cut(attemptedEmail, EMAIL_MAX));
        return this;
    }

    public AuditRecord authMethod(String method) {
        authMethod = method;
        return this;
    }

    /** Where the request came from. */
    public AuditRecord from(ClientInfo info) {
        if (info != null) {
            sourceIp = info.ip();
            client = info.client();
        }
        return this;
    }

    public AuditRecord target(String type, Object id, String name) {
        targetType = type;
        targetId = id == null ? null : id.toString();
        targetName = cut(name, NAME_MAX);
        return this;
    }

    public AuditRecord reason(String text) {
        reason = cut(text, REASON_MAX);
        return this;
    }

    /** The request that caused it; by default the request the calling thread serves. */
    public AuditRecord requestId(String id) {
        requestId = id;
        return this;
    }

    public AuditRecord diff(AuditDiff changes) {
        diff = changes;
        return this;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
