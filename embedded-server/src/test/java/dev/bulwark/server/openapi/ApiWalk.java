package dev.bulwark.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Json;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Walks a running server's own OpenAPI document: every operation, with path parameters filled in. */
final class ApiWalk {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;

    ApiWalk(BulwarkServer server) {
        this.base = server.baseUri();
    }

    /** One operation of the document. */
    record Op(String method, String template, JsonNode spec) {
        boolean hasBody() {
            return spec.has("requestBody");
        }

        /** A page for the browser (the sign-in redirects), not a JSON API answer. */
        boolean isHtmlPage() {
            return spec.path("responses").toString().contains("text/html");
        }

        boolean isPublic() {
            return spec.path("security").size() == 1
                    && spec.path("security").get(0).isEmpty();
        }

        /** The path with every parameter filled in: a fresh UUID, or 1 for numbers. */
        String path() {
            String path = template;
            for (JsonNode p : spec.path("parameters")) {
                if (p.path("in").asText().equals("path")) {
                    String value = p.path("schema").path("type").asText().equals("integer")
                            ? "1"
                            : UUID.randomUUID().toString();
                    path = path.replace("{" + p.path("name").asText() + "}", value);
                }
            }
            return path;
        }

        List<String> queryParameters() {
            List<String> names = new ArrayList<>();
            spec.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("query")) {
                    names.add(p.path("name").asText());
                }
            });
            return names;
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    JsonNode document() {
        HttpResponse<String> r = send("GET", "/api/openapi.json", null, null, null);
        try {
            return Json.lenient().readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every operation, the sign-out last (it ends the walker's session). */
    List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        document().path("paths").properties().forEach(path -> path.getValue()
                .properties()
                .forEach(method -> ops.add(
                        new Op(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), method.getValue()))));
        ops.sort((a, b) ->
                Boolean.compare(a.template().endsWith("/logout"), b.template().endsWith("/logout")));
        return ops;
    }

    /** Signs the first administrator in and returns the raw access token. */
    String adminToken() {
        String body =
                "{\"email\":\"" + TestServers.ADMIN_EMAIL + "\",\"password\":\"" + TestServers.ADMIN_PASSWORD + "\"}";
        HttpResponse<String> r = send("POST", "/api/v1/auth/login", null, "application/json", body);
        try {
            return Json.lenient().readTree(r.body()).path("accessToken").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String bearer, String contentType, String body) {
        return send(method, path, bearer, contentType, body, Map.of());
    }

    HttpResponse<String> send(
            String method, String path, String bearer, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
