package dev.bulwark.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.model.Json;
import dev.bulwark.server.BulwarkServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;

/** Sign-in attempts over plain HTTP, so tests see statuses, headers and bodies exactly as a client gets them. */
final class RawSignIn {
    private final HttpClient http;
    private final Supplier<URI> base;

    RawSignIn(BulwarkServer server) {
        this.base = server::baseUri;
        this.http = HttpClient.newHttpClient();
    }

    /** Sign-ins whose requests come from {@code ip}, a loopback address such as 127.0.0.2. */
    RawSignIn(BulwarkServer server, String ip) {
        this(server::baseUri, ip);
    }

    /** Sign-ins at the server answering at {@code base} (another process) whose requests come from {@code ip}. */
    RawSignIn(URI base, String ip) {
        this(() -> base, ip);
    }

    private RawSignIn(Supplier<URI> base, String ip) {
        this.base = base;
        try {
            this.http = HttpClient.newBuilder()
                    .localAddress(java.net.InetAddress.getByName(ip))
                    .build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> attempt(String email, String password) {
        try {
            String body = Json.lenient().writeValueAsString(Map.of("email", email, "password", password));
            return http.send(
                    HttpRequest.newBuilder(base.get().resolve("/api/v1/auth/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(path));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The problem body without its request id, which differs on every answer. */
    static String problemWithoutRequestId(HttpResponse<String> response) {
        try {
            ObjectNode problem = (ObjectNode) Json.lenient().readTree(response.body());
            problem.remove("requestId");
            return problem.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
