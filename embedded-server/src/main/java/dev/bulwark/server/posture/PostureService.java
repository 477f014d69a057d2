package dev.bulwark.server.posture;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.posture.PostureReport;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.permission.Authorizer;

/**
 * The posture report for callers of the API. Reading it needs READ access to SETTINGS: the report is a map of
 * the server's weak points, and acting on it means changing settings (decision 0025).
 */
public final class PostureService {
    private final PostureChecks checks;
    private final Authorizer authorizer;

    public PostureService(PostureChecks checks, Authorizer authorizer) {
        this.checks = checks;
        this.authorizer = authorizer;
    }

    /**
     * Runs every check now.
     *
     * @throws dev.bulwark.model.problem.ApiException {@code forbidden} without READ access to SETTINGS
     */
    public PostureReport report(Caller caller) {
        authorizer.require(caller, Module.SETTINGS, AccessLevel.READ);
        return checks.run();
    }
}
