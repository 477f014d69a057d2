package dev.bulwark.server.auth;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.User;
import dev.bulwark.server.http.ClientInfo;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller of a request: the user as of this request, how they authenticated, and where the
 * request came from. Resolved on every request, so a disabled user, an ended session or a revoked token is
 * refused at once.
 *
 * @param user the user, read at this request (for an API token: its owner)
 * @param credential the session or the API token the request was authenticated with
 * @param client the request's origin
 */
public record Caller(User user, Credential credential, ClientInfo client) {
    /** How a caller authenticated. */
    public sealed interface Credential permits SessionCredential, ApiTokenCredential {
        /** What audit records name as the auth method, or {@code null} when the record needs none. */
        String auditName();
    }

    /** Signed in, with an access token of session {@code sessionId}. */
    public record SessionCredential(UUID sessionId) implements Credential {
        @Override
        public String auditName() {
            return null;
        }
    }

    /**
     * An API token, with its narrowing.
     *
     * @param tokenId the token's id
     * @param modules the modules it may use; {@code null} for every module
     * @param readOnly whether it is capped at READ
     */
    public record ApiTokenCredential(UUID tokenId, Set<Module> modules, boolean readOnly) implements Credential {
        public ApiTokenCredential {
            modules = modules == null ? null : Set.copyOf(modules);
        }

        /** The most this token allows on {@code module}. */
        public AccessLevel cap(Module module) {
            if (modules != null && !modules.contains(module)) {
                return AccessLevel.NONE;
            }
            return readOnly ? AccessLevel.READ : AccessLevel.WRITE;
        }

        @Override
        public String auditName() {
            return "api-token:" + tokenId;
        }
    }

    /** A caller signed in through session {@code sessionId}. */
    public static Caller ofSession(User user, UUID sessionId, ClientInfo client) {
        return new Caller(user, new SessionCredential(sessionId), client);
    }

    public UUID userId() {
        return user.id();
    }

    /** The session the caller signed in with, or {@code null} when the caller used an API token. */
    public UUID sessionId() {
        return credential instanceof SessionCredential s ? s.sessionId() : null;
    }

    /** Whether the request was authenticated with an API token rather than a signed-in session. */
    public boolean viaApiToken() {
        return credential instanceof ApiTokenCredential;
    }
}
