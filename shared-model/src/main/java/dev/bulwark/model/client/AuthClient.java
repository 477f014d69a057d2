package dev.bulwark.model.client;

import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.problem.ApiException;

/** Sign-in and sign-out. */
public final class AuthClient {
    private final Transport transport;

    AuthClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /api/v1/auth/login}: signs in with a password and, on success, keeps the session in the
     * client.
     *
     * @throws ApiException {@code invalid-credentials} for a wrong email or password (the two are not told
     *     apart), {@code rate-limited} when there were too many attempts
     */
    public LoginOutcome login(LoginRequest request) {
        SessionTokens tokens = transport.send("POST", "/api/v1/auth/login", request, SessionTokens.class);
        transport.startSession(tokens);
        return new LoginOutcome.SignedIn(tokens);
    }

    /** Refreshes the session's tokens now. */
    public SessionTokens refresh() {
        return transport.refreshNow();
    }

    /** {@code POST /api/v1/auth/logout}: ends the session on the server and forgets it here. */
    public void logout() {
        if (transport.session().isEmpty()) {
            return;
        }
        try {
            transport.sendAuthenticated("POST", "/api/v1/auth/logout", null, Void.class);
        } finally {
            transport.endSession();
        }
    }
}
