package dev.bulwark.benchmarks.vault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route's latency as the server itself measured it: the cumulative buckets of its
 * {@code bulwark_http_request_duration_seconds} histogram, read from {@code /metrics} (open on a loopback
 * listener). Two readings taken around a measured phase give that phase's distribution at the server, without the
 * HTTP round trip and the client's own work.
 */
final class ServerLatency {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern BUCKET =
            // one sample per line; the labels run to the line's last "} ", since a route template has braces of its own
            Pattern.compile("^bulwark_http_request_duration_seconds_bucket\\{(.*)} ([0-9.eE+]+)$", Pattern.MULTILINE);

    private ServerLatency() {}

    /** Cumulative counts by upper bound in seconds ({@code +Inf} as {@link Double#POSITIVE_INFINITY}). */
    record Buckets(TreeMap<Double, Double> cumulative) {
        /** The requests answered between {@code earlier} and this reading, summarised against each bound. */
        String since(Buckets earlier) {
            double total =
                    count(cumulative, Double.POSITIVE_INFINITY) - count(earlier.cumulative, Double.POSITIVE_INFINITY);
            if (total <= 0) {
                return "no requests";
            }
            StringJoiner shares = new StringJoiner(", ");
            double p95Bound = Double.NaN;
            for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
                double within = e.getValue() - count(earlier.cumulative, e.getKey());
                double share = within / total;
                if (Double.isNaN(p95Bound) && share >= 0.95) {
                    p95Bound = e.getKey();
                }
                if (e.getKey() <= 0.025) {
                    shares.add(String.format(Locale.ROOT, "%.1f %% within %s ms", 100 * share, millis(e.getKey())));
                }
            }
            return String.format(Locale.ROOT, "%s; p95 <= %s ms (n %d)", shares, millis(p95Bound), Math.round(total));
        }

        private static double count(TreeMap<Double, Double> buckets, double bound) {
            return buckets.getOrDefault(bound, 0.0);
        }

        private static String millis(double seconds) {
            return Double.isInfinite(seconds) ? "inf" : String.format(Locale.ROOT, "%s", 1000 * seconds);
        }
    }

    /** The histogram of {@code method} {@code route} on the server at {@code base} now. */
    static Buckets of(URI base, String method, String route) {
        String text = metrics(base);
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("method=\"" + method + "\"") && labels.contains("route=\"" + route + "\"")) {
                Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(labels);
                if (le.find()) {
                    double bound =
                            le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                    cumulative.put(bound, Double.parseDouble(m.group(2)));
                }
            }
        }
        return new Buckets(cumulative);
    }

    private static String metrics(URI base) {
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /metrics answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
