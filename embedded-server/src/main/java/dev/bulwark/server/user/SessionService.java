package dev.bulwark.server.user;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.auth.SessionInfo;
import dev.bulwark.model.auth.SessionList;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.audit.FieldChange;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.auth.SessionRepository;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.permission.Authorizer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Lists and ends sessions: every user their own, administrators (USERS WRITE) anyone's. An ended session is
 * refused from its next request on, because the authenticator checks the session on every request.
 */
public final class SessionService {
    /** The fields whose old and new values the audit trail may show; every other field is masked. */
    private static final Set<String> AUDIT_CLEAR_FIELDS = Set.of("active", "sessions");

    private final Transactions tx;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final Authorizer authorizer;
    private final Duration idleTimeout;
    private final AuditTrail trail;
    private final Clock clock;

    public SessionService(
            Transactions tx,
            UserRepository users,
            SessionRepository sessions,
            Authorizer authorizer,
            Duration idleTimeout,
            AuditTrail trail,
            Clock clock) {
        this.tx = tx;
        this.users = users;
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.idleTimeout = idleTimeout;
        this.trail = trail;
        this.clock = clock;
    }

    /** The caller's own active sessions. */
    public SessionList mine(Caller caller) {
        return tx.read(c -> list(c, caller, caller.userId()));
    }

    /** Ends one of the caller's own sessions (the current one included). */
    public void endMine(Caller caller, UUID sessionId) {
        end(caller, caller.userId(), sessionId);
    }

    /** The active sessions of any user. */
    public SessionList ofUser(Caller caller, UUID userId) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        return tx.read(c -> {
            requireUser(c, userId);
            return list(c, caller, userId);
        });
    }

    /** Ends one session of any user. */
    public void endOfUser(Caller caller, UUID userId, UUID sessionId) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        end(caller, userId, sessionId);
    }

    /** Ends every session of any user. */
    public void endAllOfUser(Caller caller, UUID userId) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        Instant now = clock.instant();
        tx.write(c -> {
            requireMayManage(caller, requireUser(c, userId));
            int ended = sessions.revokeAllOfUser(c, userId, null, "ended-by-admin", now);
            changed(c, caller, AuditAction.SESSION_END_ALL, userId, List.of(new FieldChange("sessions", ended, 0)));
            return null;
        });
    }

    private void end(Caller caller, UUID userId, UUID sessionId) {
        Instant now = clock.instant();
        tx.write(c -> {
            if (!caller.userId().equals(userId)) {
                requireMayManage(caller, requireUser(c, userId));
            }
            SessionRepository.StoredSession session = sessions.find(c, sessionId)
                    .filter(s -> s.userId().equals(userId) && s.revokedAt() == null)
                    .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no such active session."));
            String reason = caller.userId().equals(userId) ? "ended-by-user" : "ended-by-admin";
            sessions.revoke(c, session.id(), reason, now);
            changed(c, caller, AuditAction.SESSION_END, session.id(), List.of(new FieldChange("active", true, false)));
            return null;
        });
    }

    private SessionList list(Connection c, Caller caller, UUID userId) throws SQLException {
        Instant now = clock.instant();
        return new SessionList(sessions.listOpenOfUser(c, userId, now).stream()
                .filter(s -> s.isActive(now, idleTimeout))
                .map(s -> new SessionInfo(
                        s.id(),
                        s.authMethod(),
                        s.createdAt(),
                        s.lastUsedAt(),
                        s.expiresAt(),
                        s.ip(),
                        s.client(),
                        s.id().equals(caller.sessionId())))
                .toList());
    }

    private void requireMayManage(Caller caller, Role targetRole) {
        if (targetRole == Role.ADMIN) {
            authorizer.requireAdmin(caller, Module.USERS, "end an administrator's sessions");
        }
    }

    private Role requireUser(Connection c, UUID userId) throws SQLException {
        return users.findById(c, userId)
                .map(a -> a.user().role())
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no such user."));
    }

    /**
     * Every ended session passes through here, inside its transaction: the one place where the audit trail
     * records who ended which session.
     */
    /** Every change of this service ends here: its audit record, in the change's own transaction. */
    private void changed(Connection c, Caller caller, AuditAction action, UUID target, List<FieldChange> diff)
            throws SQLException {
        trail.record(
                c,
                AuditRecord.change(
                        action,
                        caller.user(),
                        caller.client(),
                        "session",
                        target,
                        AuditDiff.of(AUDIT_CLEAR_FIELDS, diff)));
    }
}
