package dev.bulwark.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Sets the security headers every response carries (PRODUCT §7). */
public final class SecurityHeaders implements Filter {
    private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");
    private static final HeaderName FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
    private static final HeaderName CONTENT_TYPE_OPTIONS = HeaderNames.create("X-Content-Type-Options");
    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");

    private final boolean tls;

    public SecurityHeaders(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(FRAME_OPTIONS, "DENY");
        res.header(REFERRER_POLICY, "no-referrer");
        res.header(CSP, "default-src 'none'; frame-ancestors 'none'");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (tls) {
            res.header(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
        }
        chain.proceed();
    }
}
