package dev.bulwark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The header filter on its own, over real HTTP: HSTS only when the listener speaks TLS. */
class SecurityHeadersTest {
    private static HttpResponse<String> answerOf(boolean tls) throws Exception {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(HttpRouting.builder()
                        .addFilter(new SecurityHeaders(tls))
                        .get("/", (req, res) -> res.send("ok")))
                .build()
                .start();
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop();
        }
    }

    @Test
    void withTls_hstsIsSentForAYear_withSubdomains() throws Exception {
        HttpResponse<String> r = answerOf(true);

        assertThat(r.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000; includeSubDomains");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
    }

    @Test
    void withoutTls_noHstsIsSent() throws Exception {
        HttpResponse<String> r = answerOf(false);

        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(r.headers().firstValue("Content-Security-Policy"))
                .contains("default-src 'none'; frame-ancestors 'none'");
    }
}
