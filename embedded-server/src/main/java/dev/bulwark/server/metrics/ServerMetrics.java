package dev.bulwark.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

/**
 * The server's Prometheus metrics: requests by route and status, their latency, sign-in outcomes, rate-limit
 * refusals and the audit chain's length. Routes are the path templates of the OpenAPI document ({@code
 * /api/v1/users/{id}}), never raw paths, so an attacker cannot grow the label space.
 */
public final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = ExpositionFormats.init().getPrometheusTextFormatWriter();
    private final Counter requests = Counter.builder()
            .name("bulwark_http_requests")
            .help("HTTP requests answered, by method, route template and status")
            .labelNames("method", "route", "status")
            .register(registry);
    private final Histogram latency = Histogram.builder()
            .name("bulwark_http_request_duration_seconds")
            .help("Time from the request's arrival to its answer, by method and route template")
            .labelNames("method", "route")
            .classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    private final Counter signIns = Counter.builder()
            .name("bulwark_sign_ins")
            .help("Password sign-in attempts by outcome (success, failure, rate-limited, invalid)")
            .labelNames("outcome")
            .register(registry);
    private final Counter rateLimited = Counter.builder()
            .name("bulwark_rate_limit_hits")
            .help("Requests refused with 429 by a rate limit, by route template")
            .labelNames("route")
            .register(registry);

    /** Metrics whose audit chain length is read from {@code auditLength} at each scrape. */
    public ServerMetrics(LongSupplier auditLength) {
        GaugeWithCallback.builder()
                .name("bulwark_audit_chain_length")
                .help("Records in the audit chain")
                .callback(gauge -> gauge.call(auditLength.getAsLong()))
                .register(registry);
    }

    /** Counts one answered request. */
    void request(String method, String route, int status, long nanos) {
        String code = Integer.toString(status);
        requests.labelValues(method, route, code).inc();
        latency.labelValues(method, route).observe(nanos / 1e9);
        if (status == 429) {
            rateLimited.labelValues(route).inc();
        }
        if (route.equals("/api/v1/auth/login")) {
            signIns.labelValues(signInOutcome(status)).inc();
        }
    }

    private static String signInOutcome(int status) {
        return switch (status) {
            case 200 -> "success";
            case 401 -> "failure";
            case 429 -> "rate-limited";
            default -> status >= 500 ? "error" : "invalid";
        };
    }

    /** The content type of {@link #scrape()}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Every metric in the Prometheus text format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
