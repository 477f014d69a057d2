package dev.bulwark.server.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads providers' discovery documents ({@code /.well-known/openid-configuration}) and signing keys, caching
 * both for a while so a sign-in costs no extra round trips.
 */
final class OidcDiscovery {
    private static final Duration METADATA_TTL = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    /** What a sign-in needs from the discovery document. */
    record Metadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {}

    private record Cached(Metadata metadata, Instant fetchedAt) {}

    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Cached> metadata = new ConcurrentHashMap<>();
    private final Map<URI, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();

    OidcDiscovery(Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The endpoints of the provider {@code issuer}, from the cache when fresh.
     *
     * @throws ProviderException when the document cannot be read or names another issuer
     */
    Metadata metadata(String issuer) {
        Cached cached = metadata.get(issuer);
        Instant now = clock.instant();
        if (cached != null && cached.fetchedAt().plus(METADATA_TTL).isAfter(now)) {
            return cached.metadata();
        }
        Metadata fresh = fetch(issuer);
        metadata.put(issuer, new Cached(fresh, now));
        return fresh;
    }

    /** Forgets what was cached for {@code issuer}, after its provider was changed. */
    void forget(String issuer) {
        Cached cached = metadata.remove(issuer);
        if (cached != null) {
            keys.remove(cached.metadata().jwksUri());
        }
    }

    /** The provider's signing keys, fetched and cached by Nimbus (refreshed when an unknown key id appears). */
    JWKSource<SecurityContext> keys(Metadata provider) {
        return keys.computeIfAbsent(provider.jwksUri(), uri -> {
            try {
                return JWKSourceBuilder.<SecurityContext>create(
                                uri.toURL(),
                                new DefaultResourceRetriever(
                                        (int) TIMEOUT.toMillis(), (int) TIMEOUT.toMillis(), MAX_DOCUMENT_BYTES))
                        .retrying(true)
                        .build();
            } catch (MalformedURLException e) {
                throw new ProviderException("The provider's key set address " + uri + " is not a URL.");
            }
        });
    }

    /** Fetches the discovery document and key set afresh, for an administrator's test. */
    Map.Entry<Metadata, JWKSet> fetchAll(String issuer) {
        Metadata fresh = fetch(issuer);
        String body = get(fresh.jwksUri(), "key set");
        try {
            return Map.entry(fresh, JWKSet.parse(body));
        } catch (ParseException e) {
            throw new ProviderException("The key set at " + fresh.jwksUri() + " is not a JSON Web Key Set.");
        }
    }

    private Metadata fetch(String issuer) {
        URI address = URI.create(stripSlash(issuer) + "/.well-known/openid-configuration");
        String body = get(address, "discovery document");
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new ProviderException("The discovery document at " + address + " is not JSON.");
        }
        String named = text(document, "issuer", address);
        if (!stripSlash(named).equals(stripSlash(issuer))) {
            throw new ProviderException(
                    "The discovery document names the issuer " + named + ", not the configured " + issuer + ".");
        }
        return new Metadata(
                named,
                uri(document, "authorization_endpoint", address),
                uri(document, "token_endpoint", address),
                uri(document, "jwks_uri", address));
    }

    private String get(URI address, String what) {
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(address)
                            .timeout(TIMEOUT)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ProviderException(
                        "The " + what + " at " + address + " answered with HTTP " + response.statusCode() + ".");
            }
            if (response.body().length > MAX_DOCUMENT_BYTES) {
                throw new ProviderException("The " + what + " at " + address + " is too large.");
            }
            return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProviderException("The " + what + " at " + address + " could not be fetched ("
                    + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Fetching the " + what + " at " + address + " was interrupted.");
        } catch (IllegalArgumentException e) {
            throw new ProviderException("The " + what + " address " + address + " is not valid.");
        }
    }

    private static String text(Map<String, Object> document, String member, URI address) {
        Object value = document.get(member);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ProviderException("The discovery document at " + address + " has no " + member + ".");
        }
        return s;
    }

    private static URI uri(Map<String, Object> document, String member, URI address) {
        String value = text(document, member, address);
        try {
            URI uri = URI.create(value);
            if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && isLoopback(uri))) {
                throw new ProviderException(
                        "The " + member + " of the discovery document at " + address + " is not an https URL.");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ProviderException(
                    "The " + member + " of the discovery document at " + address + " is not a URL.");
        }
    }

    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null
                && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
