package dev.bulwark.server.oidc;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.oidc.LinkedIdentity;
import dev.bulwark.model.oidc.LinkedIdentityList;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.user.UserAccount;
import dev.bulwark.server.user.UserRepository;
import java.util.UUID;

/**
 * The provider accounts users are bound to (docs/decisions/0027): USERS READ to see them, administrators only to
 * unlink one. Unlinking lets the next sign-in through that provider bind the account it brings.
 */
public final class OidcIdentityService {
    private final Transactions tx;
    private final OidcRepository repository;
    private final UserRepository users;
    private final Authorizer authorizer;
    private final AuditTrail audit;

    OidcIdentityService(
            Transactions tx, OidcRepository repository, UserRepository users, Authorizer authorizer, AuditTrail audit) {
        this.tx = tx;
        this.repository = repository;
        this.users = users;
        this.authorizer = authorizer;
        this.audit = audit;
    }

    /** The accounts {@code userId} is bound to, oldest first. */
    public LinkedIdentityList list(Caller caller, UUID userId) {
        authorizer.require(caller, Module.USERS, AccessLevel.READ);
        return tx.read(c -> {
            user(c, userId);
            return new LinkedIdentityList(repository.identitiesOf(c, userId));
        });
    }

    /**
     * Removes the link {@code linkId} of {@code userId}, audited with the provider and subject it named.
     *
     * @throws ApiException {@code forbidden} for anyone but an administrator, {@code not-found} for an unknown user
     *     or link
     */
    public void unlink(Caller caller, UUID userId, UUID linkId) {
        authorizer.requireAdmin(caller, Module.USERS, "unlink a user's sign-in provider account");
        tx.write(c -> {
            User target = user(c, userId);
            LinkedIdentity link = repository.identitiesOf(c, userId).stream()
                    .filter(i -> i.id().equals(linkId))
                    .findFirst()
                    .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "This user has no such linked account."));
            repository.deleteIdentity(c, userId, linkId);
            return audit.record(
                    c,
                    AuditRecord.of(AuditAction.USER_IDENTITY_UNLINK, AuditOutcome.SUCCESS)
                            .actor(caller.user())
                            .authMethod(caller.credential().auditName())
                            .from(caller.client())
                            .target("user", target.id(), target.email())
                            .reason("Unlinked the account " + link.subject() + " at " + link.providerSlug() + " ("
                                    + link.issuer() + ")."));
        });
    }

    private User user(java.sql.Connection c, UUID userId) throws java.sql.SQLException {
        return users.findById(c, userId)
                .map(UserAccount::user)
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "No user has this id."));
    }
}
