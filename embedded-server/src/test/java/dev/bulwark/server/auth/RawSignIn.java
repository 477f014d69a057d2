package dev.bulwark.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.model.Json;
import dev.bulwark.server.BulwarkServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Sign-in attempts over plain HTTP, so tests see statuses, headers and bodies exactly as a client gets them. */
final class RawSignIn {
    private final HttpClient http;
    private final BulwarkServer server;

    RawSignIn(BulwarkServer server) {
        this.server = server;
        this.http = HttpClient.newHttpClient();
    }

    /** Sign-ins whose requests come from {@code ip}, a loopback address such as 127.0.0.2. */
    RawSignIn(BulwarkServer server, String ip) {
        this.server = server;
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
                    HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/auth/login"))
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
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(server.baseUri().resolve(path));
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
