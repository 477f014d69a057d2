package dev.bulwark.server.forward;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS receiver for tests (the JDK's HttpsServer): checks every request's HMAC signature with its own copy
 * of the key, as a SIEM would, keeps the lines of the accepted ones, and can answer 500 to the first requests or
 * take its time.
 */
final class WebhookReceiver implements AutoCloseable {
    private final HttpsServer server;
    private final byte[] key;
    private final List<String> lines = new ArrayList<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int failFirst;
    private volatile long delayMillis;

    private WebhookReceiver(HttpsServer server, String key) {
        this.server = server;
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** Listens on 127.0.0.1 at {@code port} (0: any free port) with {@code tls}. */
    static WebhookReceiver start(SSLContext tls, int port, String key) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        WebhookReceiver receiver = new WebhookReceiver(server, key);
        server.createContext("/bulwark", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = receiver.requests.incrementAndGet();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Bulwark-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Bulwark-Signature");
            int status;
            if (!receiver.signed(timestamp, body, signature)) {
                receiver.badSignatures.incrementAndGet();
                status = 401;
            } else if (n <= receiver.failFirst) {
                status = 500;
            } else {
                sleep(receiver.delayMillis);
                synchronized (receiver.lines) {
                    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isEmpty()) {
                            receiver.lines.add(line);
                        }
                    }
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    private boolean signed(String timestamp, byte[] body, String signature) {
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(7)));
        } catch (Exception e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "https://127.0.0.1:" + port() + "/bulwark";
    }

    void failFirst(int requests) {
        this.failFirst = requests;
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    int badSignatures() {
        return badSignatures.get();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
