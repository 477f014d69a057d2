package dev.bulwark.server.oidc;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Stands in for the system browser: follows redirects the way a browser does (with cookies), but stops at the
 * desktop's loopback address and reports where it was sent, or at the first page that is not a redirect.
 */
public final class BrowserStandIn {
    private final HttpClient http;

    /** A browser that trusts the system's certificate authorities. */
    public BrowserStandIn() {
        this(HttpClient.newBuilder());
    }

    /** A browser whose user accepted the certificates {@code tls} trusts. */
    public BrowserStandIn(SSLContext tls) {
        this(HttpClient.newBuilder().sslContext(tls));
    }

    private BrowserStandIn(HttpClient.Builder builder) {
        this.http = builder.followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
    }

    /** Where the browser ended: the loopback address it was sent to, or the page it shows. */
    public record Landing(URI loopback, int status, HttpHeaders headers, String body) {
        /** The query parameters of the loopback address. */
        public Map<String, String> parameters() {
            return query(loopback);
        }
    }

    /** Opens {@code start} and follows redirects until one leads to {@code loopbackPrefix}. */
    public Landing open(URI start, String loopbackPrefix) {
        return follow(start, location -> location.toString().startsWith(loopbackPrefix));
    }

    /** Opens {@code start} and follows redirects until one leads to a URL {@code stop} accepts. */
    public Landing follow(URI start, java.util.function.Predicate<URI> stop) {
        URI at = start;
        for (int hops = 0; hops < 10; hops++) {
            HttpResponse<String> response = get(at);
            int status = response.statusCode();
            if (status < 300 || status > 399) {
                return new Landing(null, status, response.headers(), response.body());
            }
            URI location = at.resolve(response.headers().firstValue("Location").orElseThrow());
            if (stop.test(location)) {
                return new Landing(location, status, response.headers(), response.body());
            }
            at = location;
        }
        throw new AssertionError("More than 10 redirects from " + start);
    }

    /** One plain GET, as typing an address would. */
    public HttpResponse<String> get(URI uri) {
        try {
            return http.send(
                    HttpRequest.newBuilder(uri)
                            .header("User-Agent", "BrowserStandIn/1.0")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("The browser could not open " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The decoded query parameters of {@code uri}. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri == null || uri.getRawQuery() == null) {
            return parameters;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
