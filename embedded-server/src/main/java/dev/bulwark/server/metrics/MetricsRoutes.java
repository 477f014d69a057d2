package dev.bulwark.server.metrics;

import dev.bulwark.server.http.OperatorAccess;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /metrics}: Prometheus text, open on loopback, otherwise for a SETTINGS READ bearer. */
public final class MetricsRoutes implements HttpService {
    private final ServerMetrics metrics;
    private final OperatorAccess access;

    public MetricsRoutes(ServerMetrics metrics, OperatorAccess access) {
        this.metrics = metrics;
        this.access = access;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        access.check(req);
        res.header(HeaderNames.CONTENT_TYPE, metrics.contentType());
        res.send(metrics.scrape());
    }
}
