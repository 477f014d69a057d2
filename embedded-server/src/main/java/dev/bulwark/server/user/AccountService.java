package dev.bulwark.server.user;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.User;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.auth.SessionRepository;
import dev.bulwark.server.crypto.PasswordHasher;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** What every signed-in user may do with their own account. */
public final class AccountService {
    private final Transactions tx;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Clock clock;

    public AccountService(
            Transactions tx,
            UserRepository users,
            SessionRepository sessions,
            PasswordHasher hasher,
            PasswordPolicy policy,
            Clock clock) {
        this.tx = tx;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.policy = policy;
        this.clock = clock;
    }

    /** The caller's own user. */
    public User me(Caller caller) {
        return caller.user();
    }

    /**
     * Changes the caller's password after checking the current one; every other session of the caller ends.
     *
     * @throws ApiException {@code validation-failed} for a wrong current password or a new one the policy refuses
     */
    public void changePassword(Caller caller, ChangePasswordRequest request) {
        Validator v = new Validator()
                .present("currentPassword", request.currentPassword())
                .present("newPassword", request.newPassword());
        v.throwIfInvalid();
        UserAccount account = tx.read(c -> users.findById(c, caller.userId()))
                .orElseThrow(() -> ApiException.of(ProblemType.SESSION_EXPIRED));
        if (account.passwordHash().isEmpty()
                || !hasher.verify(
                        request.currentPassword(), account.passwordHash().get())) {
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
            return sessions.revokeAllOfUser(c, caller.userId(), caller.sessionId(), "password-changed", now);
        });
    }
}
