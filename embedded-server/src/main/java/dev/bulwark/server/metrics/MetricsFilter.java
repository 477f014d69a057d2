package dev.bulwark.server.metrics;

import dev.bulwark.server.openapi.ApiOperations;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Counts every answer (including problems written by the error handlers) as it is sent. */
public final class MetricsFilter implements Filter {
    private final ServerMetrics metrics;

    public MetricsFilter(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String method = req.prologue().method().text();
        String route = ApiOperations.route(method, req.path().path()).orElse("other");
        res.beforeSend(() -> metrics.request(method, route, res.status().code(), System.nanoTime() - start));
        chain.proceed();
    }
}
