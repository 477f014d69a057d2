package dev.bulwark.server.auth;

import dev.bulwark.model.user.User;
import dev.bulwark.server.http.ClientInfo;
import java.util.UUID;

/**
 * The authenticated caller of a request: the user as of this request, the session it came through, and where
 * it came from. Resolved from the bearer token on every request, so a disabled user or an ended session is
 * refused at once.
 *
 * @param user the signed-in user, read at this request
 * @param sessionId the session the access token belongs to
 * @param client the request's origin
 */
public record Caller(User user, UUID sessionId, ClientInfo client) {
    public UUID userId() {
        return user.id();
    }
}
