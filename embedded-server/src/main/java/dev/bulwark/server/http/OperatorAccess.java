package dev.bulwark.server.http;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.permission.Authorizer;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who may read health and metrics: anyone when the server listens on loopback only, since only this machine can
 * reach it (unless {@code observability.open-on-loopback} is off), but never a request through a trusted proxy,
 * which may carry anyone's request (decision 0038); otherwise a bearer (access or API token) with SETTINGS READ.
 */
public final class OperatorAccess {
    private final boolean open;
    private final Authenticator authenticator;
    private final Authorizer authorizer;

    /**
     * {@code open}: whether anyone reaching the server directly may read them (a loopback listener with the
     * setting on).
     */
    public OperatorAccess(boolean open, Authenticator authenticator, Authorizer authorizer) {
        this.open = open;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    /**
     * Returns when the caller may read operational endpoints.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code not-authenticated} or {@code forbidden} otherwise
     */
    public void check(ServerRequest req) {
        if (!open || ClientInfo.of(req).viaTrustedProxy()) {
            authorizer.require(authenticator.authenticate(req), Module.SETTINGS, AccessLevel.READ);
        }
    }
}
