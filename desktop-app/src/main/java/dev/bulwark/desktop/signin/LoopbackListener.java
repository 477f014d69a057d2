package dev.bulwark.desktop.signin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The desktop's end of a browser sign-in (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 and an ephemeral port that
 * waits for the one redirect carrying this sign-in's {@code state}, answers the browser with a plain "you may
 * close this tab" page, and hands the redirect's parameters over. Requests with another state or path are
 * answered 400 and ignored, so another local program cannot end or steer the sign-in.
 */
final class LoopbackListener implements AutoCloseable {
    static final String PATH = "/callback";
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private final HttpServer server;
    private final String state;
    private final Consumer<Map<String, String>> onAnswer;

    private final AtomicBoolean answered = new AtomicBoolean();
    // guarded by this: requests being answered, and whether the listener stops once they are
    private int answering;
    private boolean closing;

    private LoopbackListener(HttpServer server, String state, Consumer<Map<String, String>> onAnswer) {
        this.server = server;
        this.state = state;
        this.onAnswer = onAnswer;
    }

    /**
     * Starts listening for the redirect that carries {@code state}; {@code onAnswer} gets its query parameters,
     * once, on the listener's thread.
     */
    static LoopbackListener open(String state, Consumer<Map<String, String>> onAnswer) {
        try {
            HttpServer server =
                    HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
            LoopbackListener listener = new LoopbackListener(server, state, onAnswer);
            server.createContext("/", listener::handle);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return listener;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("No port on 127.0.0.1 could be opened for the sign-in", e);
        }
    }

    /** The redirect URI to give the server: {@code http://127.0.0.1:{port}/callback}. */
    URI redirectUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private void handle(HttpExchange exchange) throws IOException {
        synchronized (this) {
            answering++;
        }
        try {
            answer(exchange);
        } finally {
            boolean stop;
            synchronized (this) {
                stop = --answering == 0 && closing;
            }
            if (stop) {
                server.stop(0);
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> parameters = query(exchange.getRequestURI());
            boolean ours = "GET".equals(exchange.getRequestMethod())
                    && PATH.equals(exchange.getRequestURI().getPath())
                    && state.equals(parameters.get("state"))
                    && !answered.get();
            if (!ours) {
                page(exchange, 400, "This is not a Bulwark sign-in", "Start the sign-in from Bulwark.");
                return;
            }
            if (answered.compareAndSet(false, true)) {
                onAnswer.accept(parameters);
            }
            page(
                    exchange,
                    200,
                    parameters.containsKey("code") ? "Signed in" : "Sign-in refused",
                    "You may close this tab and return to Bulwark.");
        }
    }

    private static void page(HttpExchange exchange, int status, String heading, String message) throws IOException {
        byte[] html = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bulwark</title>"
                        + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}"
                        + "</style></head><body><h1>" + heading + "</h1><p>" + message + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(status, html.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(html);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** Stops listening; no answer is handed over afterwards. */
    @Override
    public void close() {
        answered.set(true);
        boolean stop;
        synchronized (this) {
            closing = true;
            // While a request is being answered (the sign-in's own redirect, whose hand-over may close this from
            // any thread), the browser still gets its page: the last answer stops the listener.
            stop = answering == 0;
        }
        if (stop) {
            server.stop(0);
        }
    }
}
