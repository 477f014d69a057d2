package dev.bulwark.server.auth;

import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.RequestContext;
import dev.bulwark.server.token.ApiTokenService;
import dev.bulwark.server.user.UserAccount;
import dev.bulwark.server.user.UserRepository;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the {@link Caller} of a request from its bearer token: an access token of a signed-in session, or
 * an API token ({@code bwk_...}).
 *
 * <p>Security guarantee: besides the token's signature and expiry, the session must still be active and the
 * user enabled at this very request, so ending a session or disabling a user takes effect at once. An API token
 * is looked up by its SHA-256 on every request and must be neither revoked nor expired, with its owner enabled.
 * The way the caller authenticated is remembered for the request, so audit records name the API token used.
 *
 * <p>A user whose password must be changed (a reset by someone else, or a temporary first password) is held
 * to exactly three requests until they change it: reading their own profile, changing the password and
 * signing out. Their API tokens answer nothing until then, since a token cannot change a password.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";
    private static final Set<String> WHILE_PASSWORD_MUST_CHANGE =
            Set.of("GET /api/v1/me", "PUT /api/v1/me/password", "POST /api/v1/auth/logout");

    private final AccessTokens accessTokens;
    private final Transactions tx;
    private final SessionRepository sessions;
    private final UserRepository users;
    private final Duration idleTimeout;
    private final Clock clock;
    private final ApiTokenService apiTokens;

    public Authenticator(
            AccessTokens accessTokens,
            ApiTokenService apiTokens,
            Transactions tx,
            SessionRepository sessions,
            UserRepository users,
            Duration idleTimeout,
            Clock clock) {
        this.accessTokens = accessTokens;
        this.tx = tx;
        this.sessions = sessions;
        this.users = users;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.apiTokens = apiTokens;
    }

    /**
     * The caller of {@code req}.
     *
     * @throws ApiException {@code not-authenticated} without a valid token, {@code session-expired} when the
     *     token's session or user may no longer be used
     */
    public Caller authenticate(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.of(ProblemType.NOT_AUTHENTICATED, "Sign in first: this request needs a bearer token.");
        }
        String bearer = header.substring(BEARER.length()).strip();
        if (bearer.startsWith(ApiTokenService.PREFIX)) {
            Caller caller = apiTokens.authenticate(Secret.of(bearer), ClientInfo.of(req));
            RequestContext.authenticatedWith(caller.credential().auditName());
            if (caller.user().passwordChangeRequired()) {
                throw passwordMustChange();
            }
            return caller;
        }
        AccessTokens.Claims claims = accessTokens
                .verify(bearer)
                .orElseThrow(() -> ApiException.of(
                        ProblemType.NOT_AUTHENTICATED, "The access token is not valid or has expired."));
        // Two single-row lookups by primary key: each sees the latest commit, so an ended session or a disabled
        // user is refused at this very request; they need no shared snapshot.
        Optional<UserAccount> account = tx.lookup(c -> {
            Optional<SessionRepository.StoredSession> session = sessions.find(c, claims.sessionId());
            if (session.isEmpty()
                    || !session.get().isActive(clock.instant(), idleTimeout)
                    || !session.get().userId().equals(claims.userId())) {
                return Optional.empty();
            }
            return users.findById(c, claims.userId()).filter(a -> a.user().enabled());
        });
        Caller caller = account.map(a -> Caller.ofSession(a.user(), claims.sessionId(), ClientInfo.of(req)))
                .orElseThrow(
                        () -> ApiException.of(ProblemType.SESSION_EXPIRED, "The session has ended. Sign in again."));
        if (caller.user().passwordChangeRequired() && !WHILE_PASSWORD_MUST_CHANGE.contains(routeOf(req))) {
            throw passwordMustChange();
        }
        return caller;
    }

    private static String routeOf(ServerRequest req) {
        String path = req.path().absolute().path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return req.prologue().method().text() + " " + path;
    }

    private static ApiException passwordMustChange() {
        return ApiException.of(
                ProblemType.PASSWORD_CHANGE_REQUIRED,
                "Your password was reset: choose a new password before doing anything else.");
    }
}
