package dev.bulwark.model.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaEmailRequest;
import dev.bulwark.model.auth.MfaEmailSent;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;

/** Sign-in and sign-out. */
public final class AuthClient {
    private final Transport transport;

    AuthClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /api/v1/auth/login}: signs in with a password and, on success, keeps the session in the
     * client. From an address the user has not signed in from before the answer may instead ask for a second
     * factor: then no session starts until {@link #completeSecondFactor} succeeds.
     *
     * @throws ApiException {@code invalid-credentials} for a wrong email or password (the two are not told
     *     apart), {@code rate-limited} when there were too many attempts
     */
    public LoginOutcome login(LoginRequest request) {
        JsonNode answer = transport.send("POST", "/api/v1/auth/login", request, JsonNode.class);
        if (answer != null && answer.path("mfaRequired").asBoolean(false)) {
            return new LoginOutcome.MfaRequired(read(answer, MfaChallenge.class));
        }
        SessionTokens tokens = read(answer, SessionTokens.class);
        transport.startSession(tokens);
        return new LoginOutcome.SignedIn(tokens);
    }

    /**
     * {@code POST /api/v1/auth/mfa}: completes a sign-in with a second factor and keeps the session.
     *
     * @throws ApiException {@code mfa-code-invalid} for a wrong, used or expired code (the challenge stays open
     *     while tries are left), {@code mfa-challenge-invalid} when the challenge is unknown, expired, used up
     *     or belongs to another address
     */
    public SessionTokens completeSecondFactor(MfaVerifyRequest request) {
        SessionTokens tokens = transport.send("POST", "/api/v1/auth/mfa", request, SessionTokens.class);
        transport.startSession(tokens);
        return tokens;
    }

    /**
     * {@code POST /api/v1/auth/mfa/email}: mails a (new) code for a pending challenge.
     *
     * @throws ApiException {@code rate-limited} when asked again before the cooldown ended
     */
    public MfaEmailSent sendEmailCode(Secret challengeId) {
        return transport.send("POST", "/api/v1/auth/mfa/email", new MfaEmailRequest(challengeId), MfaEmailSent.class);
    }

    private static <T> T read(JsonNode answer, Class<T> type) {
        try {
            return Json.lenient().treeToValue(answer, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.of(ProblemType.UNEXPECTED_RESPONSE, "The server's answer could not be read.");
        }
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
