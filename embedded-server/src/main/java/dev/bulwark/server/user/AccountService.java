package dev.bulwark.server.user;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.PasswordCheck;
import dev.bulwark.model.user.PasswordCheckRequest;
import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.AccountLockout;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.auth.SessionRepository;
import dev.bulwark.server.crypto.PasswordHasher;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.token.ApiTokenService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** What every signed-in user may do with their own account. */
public final class AccountService {
    private static final int CHECK_MAX_CHARS = 512;
    private final Transactions tx;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditTrail audit;
    private final ApiTokenService apiTokens;
    private final Authorizer authorizer;
    private final AccountLockout lockout;
    private final Clock clock;

    public AccountService(
            Transactions tx,
            UserRepository users,
            SessionRepository sessions,
            PasswordHasher hasher,
            PasswordPolicy policy,
            AuditTrail audit,
            ApiTokenService apiTokens,
            Authorizer authorizer,
            AccountLockout lockout,
            Clock clock) {
        this.tx = tx;
        this.lockout = lockout;
        this.apiTokens = apiTokens;
        this.authorizer = authorizer;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** The caller's own user. */
    /**
     * Rates a candidate password against the policy without storing it, for live feedback. Needs no sign-in.
     *
     * @throws ApiException {@code validation-failed} when no password is given or the context is over-long
     */
    public PasswordCheck checkPassword(PasswordCheckRequest request) {
        Validator v = new Validator();
        if (request.password() == null || request.password().isEmpty()) {
            v.error("password", "Enter a password to check.");
        } else if (request.password().length() > CHECK_MAX_CHARS) {
            v.error("password", "Use at most " + PasswordPolicy.MAX_LENGTH + " characters.");
        }
        if (request.email() != null && request.email().length() > CHECK_MAX_CHARS) {
            v.error("email", "Use at most " + CHECK_MAX_CHARS + " characters.");
        }
        if (request.displayName() != null && request.displayName().length() > CHECK_MAX_CHARS) {
            v.error("displayName", "Use at most " + CHECK_MAX_CHARS + " characters.");
        }
        v.throwIfInvalid();
        return policy.evaluate(
                request.password(),
                Stream.of(request.email(), request.displayName())
                        .filter(Objects::nonNull)
                        .toList());
    }

    public User me(Caller caller) {
        return caller.user();
    }

    /**
     * Changes the caller's password after checking the current one; every other session of the caller ends and
     * every API token of the caller is revoked. The change, and a refusal for a wrong current password, are
     * audited without any password.
     *
     * @throws ApiException {@code validation-failed} for a wrong current password or a new one the policy
     *     refuses; {@code forbidden} when the caller used an API token
     */
    public void changePassword(Caller caller, ChangePasswordRequest request) {
        authorizer.requireSession(caller, "change the password");
        Validator v = new Validator()
                .present("currentPassword", request.currentPassword())
                .present("newPassword", request.newPassword());
        v.throwIfInvalid();
        UserAccount account = tx.read(c -> users.findById(c, caller.userId()))
                .orElseThrow(() -> ApiException.of(ProblemType.SESSION_EXPIRED));
        // The current password is a factor like any other: its failures count into the lockout (decision 0029).
        boolean right = account.passwordHash().isPresent()
                && lockout.guard(
                        tx,
                        audit,
                        clock,
                        caller.user(),
                        caller.client(),
                        caller.credential().auditName(),
                        "The current password is not correct.",
                        () -> hasher.verify(
                                request.currentPassword(),
                                account.passwordHash().get()),
                        () -> hasher.verifyNothing(request.currentPassword()),
                        reason -> passwordChange(caller, AuditOutcome.DENIED).reason(reason));
        if (!right) {
            if (account.passwordHash().isEmpty()) {
                audit.recordAlone(
                        passwordChange(caller, AuditOutcome.DENIED).reason("The current password is not correct."));
            }
            throw ApiException.invalid("currentPassword", "The current password is not correct.");
        }
        if (request.newPassword().reveal().equals(request.currentPassword().reveal())) {
            throw ApiException.invalid("newPassword", "Choose a password different from the current one.");
        }
        policy.check(
                        request.newPassword(),
                        List.of(account.user().email(), account.user().displayName()))
                .ifPresent(message -> {
                    throw ApiException.invalid("newPassword", message);
                });
        String newHash = hasher.hash(request.newPassword());
        Instant now = clock.instant();
        tx.write(c -> {
            users.updatePasswordHash(c, caller.userId(), newHash, false, now);
            int ended = sessions.revokeAllOfUser(c, caller.userId(), caller.sessionId(), "password-changed", now);
            apiTokens.revokeAllOfUser(c, caller, caller.userId(), "password-changed", now);
            return audit.record(
                    c,
                    passwordChange(caller, AuditOutcome.SUCCESS)
                            .reason(ended + (ended == 1 ? " other session" : " other sessions") + " ended.")
                            .diff(UserAccount.auditDiff()
                                    .secretChanged("passwordHash")
                                    .change(
                                            "passwordChangeRequired",
                                            account.user().passwordChangeRequired(),
                                            false)));
        });
    }

    private static AuditRecord passwordChange(Caller caller, AuditOutcome outcome) {
        return AuditRecord.of(AuditAction.USER_PASSWORD_CHANGE, outcome)
                .actor(caller.user())
                .from(caller.client())
                .target("user", caller.userId(), caller.user().email());
    }
}
