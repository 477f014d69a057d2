package dev.bulwark.server.forward;

import dev.bulwark.model.Secret;
import dev.bulwark.server.audit.AuditFeed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * POSTs batches of JSON Lines to an HTTPS webhook. Each request carries {@code X-Bulwark-Timestamp} (Unix seconds)
 * and {@code X-Bulwark-Signature: sha256=<hex>}, the HMAC-SHA256 under the destination's key of the timestamp, a
 * dot and the body, so the receiver can tell a batch from Bulwark and a replayed one. Only a 2xx answer counts as
 * accepted; redirects are not followed.
 */
final class WebhookSender implements Delivery {
    static final String SIGNATURE_HEADER = "X-Bulwark-Signature";
    static final String TIMESTAMP_HEADER = "X-Bulwark-Timestamp";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI url;
    private final Secret key;
    private final Clock clock;
    private final HttpClient http;

    WebhookSender(URI url, Secret key, SSLContext tls, Clock clock) {
        this.url = url;
        this.key = key;
        this.clock = clock;
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void send(List<AuditFeed.Line> lines) throws IOException {
        StringBuilder body = new StringBuilder(lines.size() * 1024);
        for (AuditFeed.Line line : lines) {
            body.append(line.json()).append('\n');
        }
        post(body.toString(), lines.getFirst().seq() + "-" + lines.getLast().seq());
    }

    @Override
    public boolean acknowledges() {
        return true;
    }

    @Override
    public void confirm() {}

    @Override
    public void sendTest(String line) throws IOException {
        post(line + "\n", "test");
    }

    private void post(String body, String records) throws IOException {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-ndjson; charset=utf-8")
                .header("User-Agent", "Bulwark audit forwarding")
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, "sha256=" + sign(key, timestamp, body))
                .header("X-Bulwark-Records", records)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("The delivery was interrupted.", e);
        } catch (javax.net.ssl.SSLException e) {
            throw new IOException(
                    "The TLS handshake with the webhook at " + url.getHost() + " failed (" + e.getMessage() + ").", e);
        } catch (IOException e) {
            throw new IOException("The webhook at " + url.getHost() + " cannot be reached (" + describe(e) + ").", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("The webhook at " + url.getHost() + " answered " + response.statusCode() + ".");
        }
    }

    /** Why a request got no answer, in words: the HTTP client's own messages are often empty or a class name. */
    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException) {
                return "the host name is unknown";
            }
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank() || message.endsWith("Exception")) {
            return e instanceof java.net.ConnectException
                    ? "the connection was refused"
                    : e.getClass().getSimpleName();
        }
        return message;
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code key}. */
    static String sign(Secret key, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
