package dev.bulwark.model.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.RefreshRequest;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.Problem;
import dev.bulwark.model.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Sends JSON requests, turns problem documents into {@link ApiException}, and keeps the session's tokens
 * fresh: an access token close to expiry, or one the server refuses, is replaced once through the refresh
 * token before the call is retried.
 */
final class Transport {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
    private static final String REFRESH_PATH = "/api/v1/auth/refresh";

    private final URI baseUri;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = Json.lenient();
    private final CopyOnWriteArrayList<Consumer<Optional<SessionTokens>>> sessionListeners =
            new CopyOnWriteArrayList<>();
    private final Object refreshLock = new Object();
    private volatile SessionTokens session;
    private volatile Secret apiToken;
    private volatile Instant accessExpiresAt = Instant.MIN;

    Transport(URI baseUri, HttpClient http, Clock clock) {
        String base = baseUri.toString();
        this.baseUri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.http = http;
        this.clock = clock;
    }

    URI baseUri() {
        return baseUri;
    }

    Optional<SessionTokens> session() {
        return Optional.ofNullable(session);
    }

    void addSessionListener(Consumer<Optional<SessionTokens>> listener) {
        sessionListeners.add(listener);
    }

    void startSession(SessionTokens tokens) {
        setSession(tokens);
    }

    void endSession() {
        setSession(null);
    }

    private void setSession(SessionTokens tokens) {
        session = tokens;
        accessExpiresAt = tokens == null ? Instant.MIN : clock.instant().plusSeconds(tokens.expiresIn());
        sessionListeners.forEach(l -> l.accept(Optional.ofNullable(tokens)));
    }

    /** Sends an unauthenticated request. */
    <T> T send(String method, String path, Object body, Class<T> type) {
        return parse(exchange(method, path, body, (Secret) null), type);
    }

    /** From now on authenticates every request with {@code token} instead of a session; nothing is refreshed. */
    void useApiToken(Secret token) {
        apiToken = token;
    }

    /** Sends a request with the API token, or else the session's access token, refreshing it when needed. */
    <T> T sendAuthenticated(String method, String path, Object body, Class<T> type) {
        return sendAuthenticated(method, path, body, type, REQUEST_TIMEOUT);
    }

    /** Like {@link #sendAuthenticated(String, String, Object, Class)}, waiting up to {@code timeout} for the answer. */
    <T> T sendAuthenticated(String method, String path, Object body, Class<T> type, Duration timeout) {
        Secret token = apiToken;
        if (token != null) {
            return parse(exchange(method, path, body, token, HttpResponse.BodyHandlers.ofByteArray(), timeout), type);
        }
        SessionTokens current = requireSession();
        if (clock.instant().plus(REFRESH_MARGIN).isAfter(accessExpiresAt)) {
            current = refresh(current);
        }
        HttpResponse<byte[]> response =
                exchange(method, path, body, current.accessToken(), HttpResponse.BodyHandlers.ofByteArray(), timeout);
        if (response.statusCode() == 401) {
            current = refresh(current);
            response = exchange(
                    method, path, body, current.accessToken(), HttpResponse.BodyHandlers.ofByteArray(), timeout);
        }
        return parse(response, type);
    }

    /**
     * Sends an authenticated GET and hands the body of a successful answer to {@code reader} as it arrives, for
     * answers too large to hold in memory. A problem answer throws like any other call; the body is closed after
     * {@code reader} returns or throws.
     */
    <T> T receive(String path, BodyReader<T> reader) {
        HttpResponse<InputStream> response;
        Secret token = apiToken;
        if (token != null) {
            response = exchange("GET", path, null, token, HttpResponse.BodyHandlers.ofInputStream());
        } else {
            SessionTokens current = requireSession();
            if (clock.instant().plus(REFRESH_MARGIN).isAfter(accessExpiresAt)) {
                current = refresh(current);
            }
            response = exchange("GET", path, null, current.accessToken(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 401) {
                closeQuietly(response.body());
                current = refresh(current);
                response =
                        exchange("GET", path, null, current.accessToken(), HttpResponse.BodyHandlers.ofInputStream());
            }
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                throw problem(status, response.headers(), body.readAllBytes());
            }
            return reader.read(body);
        } catch (IOException e) {
            throw unreachable("The connection to " + hostAndPort() + " failed while receiving the answer.");
        }
    }

    /** Reads a streamed answer's body. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // nothing was read from it and nothing will be
        }
    }

    SessionTokens refreshNow() {
        return refresh(requireSession());
    }

    private SessionTokens requireSession() {
        SessionTokens current = session;
        if (current == null) {
            throw ApiException.of(ProblemType.NOT_AUTHENTICATED, "You are not signed in.");
        }
        return current;
    }

    private SessionTokens refresh(SessionTokens used) {
        synchronized (refreshLock) {
            SessionTokens current = requireSession();
            if (current != used) {
                return current; // another thread refreshed already
            }
            try {
                SessionTokens fresh = parse(
                        exchange("POST", REFRESH_PATH, new RefreshRequest(current.refreshToken()), (Secret) null),
                        SessionTokens.class);
                setSession(fresh);
                return fresh;
            } catch (ApiException e) {
                if (e.type().status() == 401) {
                    endSession();
                    throw ApiException.of(ProblemType.SESSION_EXPIRED, "Your session has ended. Sign in again.");
                }
                throw e;
            }
        }
    }

    private HttpResponse<byte[]> exchange(String method, String path, Object body, SessionTokens tokens) {
        return exchange(method, path, body, tokens == null ? null : tokens.accessToken());
    }

    private HttpResponse<byte[]> exchange(String method, String path, Object body, Secret bearer) {
        return exchange(method, path, body, bearer, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <B> HttpResponse<B> exchange(
            String method, String path, Object body, Secret bearer, HttpResponse.BodyHandler<B> handler) {
        return exchange(method, path, body, bearer, handler, REQUEST_TIMEOUT);
    }

    private <B> HttpResponse<B> exchange(
            String method,
            String path,
            Object body,
            Secret bearer,
            HttpResponse.BodyHandler<B> handler,
            Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json, " + Problem.MEDIA_TYPE);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer.reveal());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
        }
        try {
            return http.send(request.build(), handler);
        } catch (HttpTimeoutException e) {
            throw unreachable("The server at " + hostAndPort() + " did not answer in time.");
        } catch (ConnectException e) {
            throw unreachable("Could not connect to " + hostAndPort() + ". Is the server running?");
        } catch (SSLException e) {
            throw unreachable("A secure connection to " + hostAndPort() + " could not be made.");
        } catch (IOException e) {
            throw unreachable("The connection to " + hostAndPort() + " failed.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("The request to " + hostAndPort() + " was cancelled.");
        }
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T parse(HttpResponse<byte[]> response, Class<T> type) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (type == Void.class || status == 204) {
                return null;
            }
            try {
                return json.readValue(response.body(), type);
            } catch (IOException e) {
                throw ApiException.of(ProblemType.UNEXPECTED_RESPONSE, "The server's answer could not be read.");
            }
        }
        throw problem(status, response.headers(), response.body());
    }

    private ApiException problem(int status, HttpHeaders headers, byte[] body) {
        String contentType = headers.firstValue("Content-Type").orElse("");
        if (contentType.startsWith(Problem.MEDIA_TYPE)) {
            try {
                Problem problem = json.readValue(body, Problem.class);
                ProblemType type = ProblemType.fromUri(problem.type()).orElse(ProblemType.UNEXPECTED_RESPONSE);
                return ApiException.fromProblem(type, problem);
            } catch (IOException e) {
                // fall through: an unreadable problem is reported like any unexpected answer
            }
        }
        return ApiException.of(
                ProblemType.UNEXPECTED_RESPONSE, "The server answered with HTTP " + status + " and no explanation.");
    }

    private ApiException unreachable(String detail) {
        return ApiException.of(ProblemType.SERVER_UNREACHABLE, detail);
    }

    private String hostAndPort() {
        return baseUri.getHost() + (baseUri.getPort() > 0 ? ":" + baseUri.getPort() : "");
    }
}
