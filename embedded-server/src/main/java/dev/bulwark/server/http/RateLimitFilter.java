package dev.bulwark.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Applies {@link RateLimits} to every request but health probes: per token and address with a bearer token, per
 * address without one. Sign-in is counted by the sign-in itself (it needs the email from the body). Every
 * response that met a limit carries {@code RateLimit-*} headers.
 */
public final class RateLimitFilter implements Filter {
    private static final String BEARER = "Bearer ";

    private final RateLimits limits;
    private final String signInPath;

    public RateLimitFilter(RateLimits limits, String signInPath) {
        this.limits = limits;
        this.signInPath = signInPath;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (path.startsWith("/health")) {
            chain.proceed();
            return;
        }
        RateLimits.Quota quota = RateLimits.openRequest();
        res.beforeSend(() -> quota.writeTo(res::header));
        try {
            if (!path.equals(signInPath)) {
                ClientInfo client = ClientInfo.of(req);
                String authorization =
                        req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
                if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                    limits.checkApi(
                            client, authorization.substring(BEARER.length()).strip());
                } else {
                    limits.checkPublic(client);
                }
            }
            chain.proceed();
        } finally {
            RateLimits.closeRequest();
        }
    }
}
