package dev.bulwark.server.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads providers' discovery documents ({@code /.well-known/openid-configuration}) and signing keys, caching
 * both for a while so a sign-in costs no extra round trips, and makes the code exchange at the token endpoint.
 *
 * <p>Guarantee (docs/decisions/0027): every request to a provider, including each key set refresh, first passes
 * {@link ProviderAddresses#check} on its URL at that moment, follows no redirect, and reads at most {@link
 * #MAX_DOCUMENT_BYTES} within {@link #TIMEOUT} from the start of the request to the last byte.
 */
final class OidcDiscovery {
    private static final Duration METADATA_TTL = Duration.ofMinutes(10);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    /** What a sign-in needs from the discovery document. */
    record Metadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {}

    private record Cached(Metadata metadata, Instant fetchedAt) {}

    private final HttpClient http;
    private final ProviderAddresses addresses;
    private final Clock clock;
    private final Map<String, Cached> metadata = new ConcurrentHashMap<>();
    private final Map<URI, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();

    OidcDiscovery(ProviderAddresses addresses, Clock clock) {
        this.addresses = addresses;
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
                return JWKSourceBuilder.<SecurityContext>create(uri.toURL(), new GuardedRetriever())
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
        Answer answer = send(
                HttpRequest.newBuilder(address)
                        .header("Accept", "application/json")
                        .GET(),
                address,
                what);
        if (answer.status() != 200) {
            throw new ProviderException(
                    "The " + what + " at " + address + " answered with HTTP " + answer.status() + ".");
        }
        return answer.body();
    }

    /** A provider's answer: the status and at most {@link #MAX_DOCUMENT_BYTES} of body. */
    record Answer(int status, String body) {}

    /**
     * Posts the form {@code body} to the token endpoint {@code address}; {@code authorization} is the value of the
     * Authorization header or null. Any status is returned; the body is bounded as for documents.
     *
     * @throws ProviderException when the address is refused, or the answer is too large, too slow or unreadable
     */
    Answer postForm(URI address, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(address)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request, address, "token endpoint");
    }

    private Answer send(HttpRequest.Builder request, URI address, String what) {
        addresses.check(address, what);
        CompletableFuture<HttpResponse<InputStream>> sent;
        try {
            sent = http.sendAsync(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalArgumentException e) {
            throw new ProviderException("The " + what + " address " + address + " is not valid.");
        }
        CompletableFuture<Answer> read = sent.thenApply(response -> {
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (bytes.length > MAX_DOCUMENT_BYTES) {
                    throw new ProviderException("The " + what + " at " + address + " is too large.");
                }
                return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ProviderException("The " + what + " at " + address + " could not be read ("
                        + e.getClass().getSimpleName() + ").");
            }
        });
        try {
            return read.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            sent.thenAccept(response -> closeQuietly(response.body()));
            throw new ProviderException(
                    "The " + what + " at " + address + " did not answer within " + TIMEOUT.toSeconds() + " s.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException known) {
                throw known;
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ProviderException("The " + what + " at " + address + " could not be fetched ("
                    + cause.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sent.cancel(true);
            throw new ProviderException("Fetching the " + what + " at " + address + " was interrupted.");
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to do with an answer given up on
        }
    }

    /** Nimbus's key set fetches, through the same checks and limits as every other request to a provider. */
    private final class GuardedRetriever implements ResourceRetriever {
        @Override
        public Resource retrieveResource(URL url) throws IOException {
            URI address;
            try {
                address = url.toURI();
            } catch (URISyntaxException e) {
                throw new IOException("The key set address is not a URI.");
            }
            try {
                return new Resource(get(address, "key set"), "application/json");
            } catch (ProviderException e) {
                throw new IOException(e.getMessage());
            }
        }
    }

    private static String text(Map<String, Object> document, String member, URI address) {
        Object value = document.get(member);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ProviderException("The discovery document at " + address + " has no " + member + ".");
        }
        return s;
    }

    private static String lowerFirst(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private URI uri(Map<String, Object> document, String member, URI address) {
        String value = text(document, member, address);
        try {
            URI uri = URI.create(value);
            String refusal = addresses.refusal(uri, member);
            if (refusal != null) {
                throw new ProviderException(
                        "The discovery document at " + address + " was refused: " + lowerFirst(refusal));
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ProviderException(
                    "The " + member + " of the discovery document at " + address + " is not a URL.");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
