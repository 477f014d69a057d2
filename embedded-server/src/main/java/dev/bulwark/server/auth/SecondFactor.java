package dev.bulwark.server.auth;

import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.user.User;
import dev.bulwark.server.http.ClientInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The second step of a password sign-in (PRODUCT §3), as {@link AuthService} sees it.
 *
 * <p>Contract: {@link #check} runs inside the sign-in transaction once the password was right and either lets
 * the sign-in finish (empty) or opens a challenge; {@link #verify} completes a challenge or throws, having
 * counted and audited the failed try in a transaction of its own.
 */
public interface SecondFactor {
    /** A second factor is needed; {@code afterCommit} sends what the challenge needs (an email code). */
    record Pending(MfaChallenge challenge, Runnable afterCommit) {}

    /**
     * A challenge was completed for {@code user}, whose sign-in passed {@code first}; {@code afterSession} sends
     * alerts.
     */
    record Passed(User user, FirstFactor first, MfaMethod method, Runnable afterSession) {}

    /**
     * Within the sign-in transaction: a challenge when a second factor is needed, or empty to sign in now. The
     * challenge keeps {@code first} for {@link #verify} to hand back.
     */
    Optional<Pending> check(Connection c, User user, FirstFactor first, ClientInfo client, Instant now)
            throws SQLException;

    /**
     * Checks a code against its challenge.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code mfa-code-invalid} or {@code mfa-challenge-invalid}
     */
    Passed verify(MfaVerifyRequest request, ClientInfo client);
}
