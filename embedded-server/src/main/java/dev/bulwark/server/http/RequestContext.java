package dev.bulwark.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id (echoed in {@code X-Request-Id}, written into every log line and problem document)
 * and writes one access log line per request. An id sent by a trusted proxy is kept when it is short and plain.
 */
public final class RequestContext implements Filter {
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");

    private static final Logger ACCESS = System.getLogger("bulwark.access");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<String> AUTH_METHOD = new ThreadLocal<>();

    /** The id of the request the calling thread is serving, if any. */
    public static Optional<String> currentRequestId() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Remembers, for the rest of the request the calling thread serves, how its caller authenticated when the
     * audit trail should name it (an API token); audit records of the caller's actions default to it.
     */
    public static void authenticatedWith(String authMethod) {
        if (CURRENT.get() != null) {
            AUTH_METHOD.set(authMethod);
        }
    }

    /** How the caller of the request the calling thread serves authenticated, when that is worth recording. */
    public static Optional<String> currentAuthMethod() {
        return Optional.ofNullable(AUTH_METHOD.get());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = req.headers()
                .first(REQUEST_ID)
                .filter(v -> SAFE_ID.matcher(v).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        CURRENT.set(id);
        res.header(REQUEST_ID, id);
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            long micros = (System.nanoTime() - start) / 1_000;
            if (ACCESS.isLoggable(Level.DEBUG)) {
                ACCESS.log(
                        Level.DEBUG,
                        "{0} {1} {2} {3}us",
                        req.prologue().method().text(),
                        req.path().path(),
                        res.status().code(),
                        micros);
            }
            CURRENT.remove();
            AUTH_METHOD.remove();
        }
    }
}
