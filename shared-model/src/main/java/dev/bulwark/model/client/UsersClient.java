package dev.bulwark.model.client;

import dev.bulwark.model.auth.SessionList;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.token.ApiTokenList;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.model.user.UserImportReport;
import dev.bulwark.model.user.UserImportRequest;
import dev.bulwark.model.user.UserPage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Administration of users ({@code /api/v1/users}). Reading needs USERS READ, changing needs USERS WRITE; a
 * missing level is reported as {@code forbidden}, a stale version or a rule such as "the last enabled
 * administrator stays" as {@code conflict}.
 */
public final class UsersClient {
    private static final String BASE = "/api/v1/users";

    private final Transport transport;

    UsersClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code POST /api/v1/users}. */
    public UserDetails create(CreateUserRequest request) {
        return transport.sendAuthenticated("POST", BASE, request, UserDetails.class);
    }

    /** {@code GET /api/v1/users/{id}}. */
    public UserDetails get(UUID id) {
        return transport.sendAuthenticated("GET", BASE + "/" + id, null, UserDetails.class);
    }

    /**
     * {@code GET /api/v1/users?q&limit&cursor}: users whose email or name contains {@code query} (ignoring
     * case; all when blank), sorted by email.
     *
     * @param cursor the previous page's {@code nextCursor}, or {@code null} for the first page
     */
    public UserPage search(String query, int limit, String cursor) {
        StringBuilder path = new StringBuilder(BASE).append("?limit=").append(limit);
        if (query != null) {
            path.append("&q=").append(encode(query));
        }
        if (cursor != null) {
            path.append("&cursor=").append(encode(cursor));
        }
        return transport.sendAuthenticated("GET", path.toString(), null, UserPage.class);
    }

    /** {@code PUT /api/v1/users/{id}}. */
    public UserDetails update(UUID id, UpdateUserRequest request) {
        return transport.sendAuthenticated("PUT", BASE + "/" + id, request, UserDetails.class);
    }

    /** {@code POST /api/v1/users/{id}/disable}: the user's sessions end at once. */
    public UserDetails disable(UUID id) {
        return transport.sendAuthenticated("POST", BASE + "/" + id + "/disable", null, UserDetails.class);
    }

    /** {@code POST /api/v1/users/{id}/enable}. */
    public UserDetails enable(UUID id) {
        return transport.sendAuthenticated("POST", BASE + "/" + id + "/enable", null, UserDetails.class);
    }

    /** {@code POST /api/v1/users/{id}/unlock}: ends the user's sign-in lock and forgets their failed sign-ins. */
    public UserDetails unlock(UUID id) {
        return transport.sendAuthenticated("POST", BASE + "/" + id + "/unlock", null, UserDetails.class);
    }

    /** {@code DELETE /api/v1/users/{id}}. */
    public void delete(UUID id) {
        transport.sendAuthenticated("DELETE", BASE + "/" + id, null, Void.class);
    }

    /** {@code POST /api/v1/users/{id}/password-reset}: the user must change it at next sign-in. */
    /**
     * {@code POST /api/v1/users/import}: creates many users, each row on its own, and reports row by row; with
     * {@code dryRun} nothing is created.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code forbidden} without USERS WRITE, {@code validation-failed}
     *     for an empty or over-long list
     */
    public UserImportReport importUsers(UserImportRequest request) {
        return transport.sendAuthenticated("POST", BASE + "/import", request, UserImportReport.class);
    }

    public UserDetails resetPassword(UUID id, PasswordResetRequest request) {
        return transport.sendAuthenticated("POST", BASE + "/" + id + "/password-reset", request, UserDetails.class);
    }

    /** {@code GET /api/v1/users/{id}/grants}: the user's direct grants. */
    public Grants grants(UUID id) {
        return transport.sendAuthenticated("GET", BASE + "/" + id + "/grants", null, Grants.class);
    }

    /** {@code PUT /api/v1/users/{id}/grants}: replaces the user's direct grants. */
    public Grants setGrants(UUID id, Grants grants) {
        return transport.sendAuthenticated("PUT", BASE + "/" + id + "/grants", grants, Grants.class);
    }

    /** {@code GET /api/v1/users/{id}/effective-permissions}: levels per module and why. */
    public EffectivePermissions effectivePermissions(UUID id) {
        return transport.sendAuthenticated(
                "GET", BASE + "/" + id + "/effective-permissions", null, EffectivePermissions.class);
    }

    /** {@code GET /api/v1/users/{id}/sessions}: the user's active sessions. */
    public SessionList sessions(UUID id) {
        return transport.sendAuthenticated("GET", BASE + "/" + id + "/sessions", null, SessionList.class);
    }

    /** {@code DELETE /api/v1/users/{id}/sessions/{sessionId}}. */
    public void endSession(UUID id, UUID sessionId) {
        transport.sendAuthenticated("DELETE", BASE + "/" + id + "/sessions/" + sessionId, null, Void.class);
    }

    /** {@code DELETE /api/v1/users/{id}/sessions}: ends every session of the user. */
    public void endAllSessions(UUID id) {
        transport.sendAuthenticated("DELETE", BASE + "/" + id + "/sessions", null, Void.class);
    }

    /** {@code GET /api/v1/users/{id}/tokens}: the user's API tokens that are not revoked (USERS READ). */
    public ApiTokenList tokens(UUID id) {
        return transport.sendAuthenticated("GET", BASE + "/" + id + "/tokens", null, ApiTokenList.class);
    }

    /** {@code DELETE /api/v1/users/{id}/tokens/{tokenId}}: revokes one of the user's API tokens (USERS WRITE). */
    public void revokeToken(UUID id, UUID tokenId) {
        transport.sendAuthenticated("DELETE", BASE + "/" + id + "/tokens/" + tokenId, null, Void.class);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
