package dev.bulwark.server.auth;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.auth.RefreshRequest;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.crypto.Digests;
import dev.bulwark.server.crypto.PasswordHasher;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.RateLimits;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.user.UserAccount;
import dev.bulwark.server.user.UserRepository;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Password sign-in, token refresh and sign-out.
 *
 * <p>Security guarantees: an unknown email and a wrong password take the same time and get the same answer;
 * refresh tokens are single use and stored only as SHA-256, and presenting a used one ends the whole session
 * (the token was stolen, or the legitimate client was); a session ends after its idle or absolute timeout.
 * Every sign-in (success or failure), lock, sign-out and refresh-token reuse is audited; a failure record names
 * the attempted email and the reason, never the password.
 */
public final class AuthService {
    private static final int MAX_PASSWORD_CHARS = 1024;
    private static final int MAX_EMAIL_CHARS = 254;
    private static final int REFRESH_TOKEN_BYTES = 32;

    private final Transactions tx;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final AuditTrail audit;
    private final RateLimits rateLimits;
    private final AccountLockout lockout;
    private final SecondFactor secondFactor;
    private final ProviderLinks providerLinks;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AuthService(
            Transactions tx,
            UserRepository users,
            SessionRepository sessions,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            AuditTrail audit,
            RateLimits rateLimits,
            AccountLockout lockout,
            SecondFactor secondFactor,
            ProviderLinks providerLinks,
            Duration idleTimeout,
            Duration absoluteTimeout,
            Clock clock) {
        this.tx = tx;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.accessTokens = accessTokens;
        this.audit = audit;
        this.rateLimits = rateLimits;
        this.lockout = lockout;
        this.providerLinks = providerLinks;
        this.secondFactor = secondFactor;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
        this.clock = clock;
    }

    /**
     * Signs in with email and password and starts a session, or, from an address that needs a second factor,
     * opens a challenge instead (no tokens until {@link #completeSecondFactor}).
     */
    public LoginOutcome login(LoginRequest request, ClientInfo client) {
        String email = request.email();
        Secret password = request.password();
        Validator input = new Validator();
        if (email == null || email.isBlank()) {
            input.error("email", "Enter your email.");
        }
        if (password == null || password.isEmpty()) {
            input.error("password", "Enter your password.");
        }
        input.throwIfInvalid();
        rateLimits.checkSignIn(client, email);
        if (email.length() > MAX_EMAIL_CHARS || password.length() > MAX_PASSWORD_CHARS) {
            hasher.verifyNothing(password);
            throw loginFailed(email, null, client, "The email or password is longer than allowed.");
        }
        Optional<UserAccount> account = tx.read(c -> users.findByEmail(c, email));
        if (account.isEmpty() || account.get().passwordHash().isEmpty()) {
            hasher.verifyNothing(password);
            throw loginFailed(
                    email,
                    account.map(UserAccount::user).orElse(null),
                    client,
                    "No user can sign in with this email and a password.");
        }
        UserAccount found = account.get();
        UUID userId = found.user().id();
        // Not synced on its own: an attempt lost in a crash changes nothing, and the write that ends every attempt
        // (success, failure, lock) syncs it with the rest, so a sign-in pays for one durable commit, not two.
        AccountLockout.Attempt attempt = tx.writeCommitted(c -> lockout.begin(c, userId, client, clock.instant()));
        UUID attemptId =
                switch (attempt) {
                    case AccountLockout.Attempt.Open open -> open.id();
                    case AccountLockout.Attempt.Locked locked -> {
                        hasher.verifyNothing(password);
                        throw loginFailed(
                                email, found.user(), client, "The account is locked until " + locked.until() + ".");
                    }
                };
        if (!hasher.verify(password, found.passwordHash().get())) {
            tx.write(c -> {
                Instant failedAt = clock.instant();
                AccountLockout.Failure failure = lockout.failed(c, userId, client.ip(), failedAt);
                audit.record(c, loginFailure(email, found.user(), client, "The password is not correct."));
                if (failure.locked()) {
                    audit.record(c, AccountLockout.lockRecord(failure, found.user(), client, "password"));
                }
                return null;
            });
            throw invalidCredentials();
        }
        if (!found.user().enabled()) {
            tx.write(c -> {
                lockout.passed(c, userId, attemptId);
                return audit.record(c, loginFailure(email, found.user(), client, "The account is disabled."));
            });
            throw ApiException.of(ProblemType.INVALID_CREDENTIALS, "This account is disabled. Ask an administrator.");
        }
        String upgradedHash = hasher.needsRehash(found.passwordHash().get()) ? hasher.hash(password) : null;
        Instant now = clock.instant();
        LoginStep step = tx.write(c -> {
            lockout.passed(c, userId, attemptId);
            if (upgradedHash != null) {
                users.updatePasswordHash(
                        c, found.user().id(), upgradedHash, found.user().passwordChangeRequired(), now);
            }
            Optional<SecondFactor.Pending> pending =
                    secondFactor.check(c, found.user(), FirstFactor.PASSWORD, client, now);
            if (pending.isPresent()) {
                return new LoginStep(pending.get(), null);
            }
            lockout.signedIn(c, userId, client.ip(), now);
            return new LoginStep(null, openSession(c, found.user().id(), "password", "password", client, now));
        });
        if (step.pending() != null) {
            step.pending().afterCommit().run();
            return new LoginOutcome.MfaRequired(step.pending().challenge());
        }
        return new LoginOutcome.SignedIn(step.tokens());
    }

    private record LoginStep(SecondFactor.Pending pending, SessionTokens tokens) {}

    /**
     * Completes a sign-in with a second factor and starts its session.
     *
     * @throws ApiException {@code mfa-code-invalid} or {@code mfa-challenge-invalid}
     */
    public SessionTokens completeSecondFactor(MfaVerifyRequest request, ClientInfo client) {
        SecondFactor.Passed passed = secondFactor.verify(request, client);
        Instant now = clock.instant();
        String second = "+" + passed.method().name().toLowerCase(java.util.Locale.ROOT);
        FirstFactor first = passed.first();
        User user = passed.user();
        if (first.account().isPresent()) {
            Optional<String> refusal =
                    tx.read(c -> providerLinks.refusal(c, user, first.account().get()));
            if (refusal.isPresent()) {
                tx.write(c -> audit.record(
                        c,
                        AuditRecord.of(AuditAction.AUTH_LOGIN_FAILURE, AuditOutcome.DENIED)
                                .actor(user)
                                .authMethod(first.auditMethod() + second)
                                .from(client)
                                .target("user", user.id(), user.email())
                                .reason(refusal.get())));
                throw ApiException.of(ProblemType.INVALID_CREDENTIALS, "The sign-in through the provider was refused.");
            }
        }
        SessionTokens tokens = tx.write(c -> {
            lockout.signedIn(c, user.id(), client.ip(), now);
            if (first.account().isPresent()) {
                // bound only now that the second factor is passed (docs/decisions/0027)
                providerLinks.bind(c, user, first.account().get(), client, now);
            }
            return openSession(c, user.id(), first.sessionMethod() + second, first.auditMethod() + second, client, now);
        });
        passed.afterSession().run();
        return tokens;
    }

    /** Opens a session in {@code c}: the session row, its tokens and the success record of the sign-in. */
    private SessionTokens openSession(
            Connection c, UUID userId, String sessionMethod, String auditMethod, ClientInfo client, Instant now)
            throws SQLException {
        users.recordLogin(c, userId, now);
        UUID sessionId = UUID.randomUUID();
        sessions.insert(
                c,
                new SessionRepository.StoredSession(
                        sessionId,
                        userId,
                        sessionMethod,
                        now,
                        now,
                        now.plus(absoluteTimeout),
                        null,
                        client.ip(),
                        client.client()));
        User user = users.findById(c, userId).orElseThrow().user();
        SessionTokens tokens = tokens(c, user, sessionId, now.plus(absoluteTimeout), now);
        audit.record(
                c,
                AuditRecord.of(AuditAction.AUTH_LOGIN_SUCCESS, AuditOutcome.SUCCESS)
                        .actor(user)
                        .authMethod(auditMethod)
                        .from(client)
                        .target("session", sessionId, user.email()));
        return tokens;
    }

    /**
     * Starts a session for {@code userId}, who was authenticated by other means (a browser sign-in): the same
     * session, tokens and success record as a password sign-in.
     *
     * @param sessionMethod the session's method, for example {@code oidc}
     * @param auditMethod the audit record's method, for example {@code oidc:google}
     * @throws ApiException {@code invalid-credentials} when the user is gone or disabled by now
     */
    public SessionTokens startSession(UUID userId, String sessionMethod, String auditMethod, ClientInfo client) {
        Instant now = clock.instant();
        return tx.write(c -> {
            users.findById(c, userId)
                    .map(UserAccount::user)
                    .filter(User::enabled)
                    .orElseThrow(() -> ApiException.of(
                            ProblemType.INVALID_CREDENTIALS, "This account cannot sign in. Ask an administrator."));
            return openSession(c, userId, sessionMethod, auditMethod, client, now);
        });
    }

    private ApiException loginFailed(String email, User known, ClientInfo client, String reason) {
        audit.recordAlone(loginFailure(email, known, client, reason));
        return invalidCredentials();
    }

    private static AuditRecord loginFailure(String email, User known, ClientInfo client, String reason) {
        return AuditRecord.of(AuditAction.AUTH_LOGIN_FAILURE, AuditOutcome.DENIED)
                .anonymous(email)
                .authMethod("password")
                .from(client)
                .target("user", known == null ? null : known.id(), known == null ? null : known.email())
                .reason(reason);
    }

    /** Exchanges a refresh token for new tokens; a used token ends its session. */
    public SessionTokens refresh(RefreshRequest request, ClientInfo client) {
        if (request.refreshToken() == null || request.refreshToken().isEmpty()) {
            throw ApiException.invalid("refreshToken", "A refresh token is required.");
        }
        String hash = Digests.sha256Hex(request.refreshToken().reveal());
        Instant now = clock.instant();
        RefreshResult result = tx.write(c -> {
            Optional<SessionRepository.StoredRefreshToken> token = sessions.findRefreshToken(c, hash);
            if (token.isEmpty()) {
                return RefreshResult.refused();
            }
            UUID sessionId = token.get().sessionId();
            if (token.get().usedAt() != null || !sessions.markRefreshTokenUsed(c, hash, now)) {
                sessions.revoke(c, sessionId, "refresh-token-reuse", now);
                AuditRecord record = AuditRecord.of(AuditAction.AUTH_REFRESH_REUSE, AuditOutcome.DENIED)
                        .from(client)
                        .target("session", sessionId, null)
                        .reason("A used refresh token was presented again; the whole session was ended.");
                Optional<SessionRepository.StoredSession> reused = sessions.find(c, sessionId);
                if (reused.isPresent()) {
                    users.findById(c, reused.get().userId())
                            .ifPresent(a ->
                                    record.target("session", sessionId, a.user().email()));
                }
                audit.record(c, record);
                return RefreshResult.refused();
            }
            SessionRepository.StoredSession session =
                    sessions.find(c, sessionId).orElseThrow();
            Optional<UserAccount> account =
                    users.findById(c, session.userId()).filter(a -> a.user().enabled());
            if (!session.isActive(now, idleTimeout) || account.isEmpty()) {
                return RefreshResult.refused();
            }
            sessions.touch(c, sessionId, now);
            return new RefreshResult(tokens(c, account.get().user(), sessionId, session.expiresAt(), now));
        });
        if (result.tokens() == null) {
            throw ApiException.of(ProblemType.SESSION_EXPIRED, "The session has ended. Sign in again.");
        }
        return result.tokens();
    }

    /** Ends the caller's session. */
    public void logout(Caller caller) {
        if (caller.viaApiToken()) {
            throw ApiException.of(ProblemType.FORBIDDEN, "An API token has no session to sign out of.");
        }
        tx.write(c -> {
            sessions.revoke(c, caller.sessionId(), "logout", clock.instant());
            return audit.record(
                    c,
                    AuditRecord.of(AuditAction.AUTH_LOGOUT, AuditOutcome.SUCCESS)
                            .actor(caller.user())
                            .from(caller.client())
                            .target("session", caller.sessionId(), caller.user().email()));
        });
    }

    private record RefreshResult(SessionTokens tokens) {
        static RefreshResult refused() {
            return new RefreshResult(null);
        }
    }

    private SessionTokens tokens(Connection c, User user, UUID sessionId, Instant sessionExpiresAt, Instant now)
            throws SQLException {
        byte[] bytes = new byte[REFRESH_TOKEN_BYTES];
        random.nextBytes(bytes);
        Secret refreshToken = Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        sessions.insertRefreshToken(c, Digests.sha256Hex(refreshToken.reveal()), sessionId, now);
        return new SessionTokens(
                accessTokens.issue(user.id(), sessionId),
                refreshToken,
                "Bearer",
                accessTokens.lifetime().toSeconds(),
                sessionId,
                sessionExpiresAt,
                user);
    }

    private static ApiException invalidCredentials() {
        return ApiException.of(ProblemType.INVALID_CREDENTIALS, "The email or password is not correct.");
    }
}
