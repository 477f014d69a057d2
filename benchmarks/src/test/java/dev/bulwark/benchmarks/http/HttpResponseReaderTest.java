package dev.bulwark.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void contentLengthBody_isSkippedAndConnectionStaysOpen() throws IOException {
        var in = stream("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 404 Not Found\r\n"
                + "content-length: 0\r\n\r\n");

        var first = HttpResponseReader.read(in, false);
        var second = HttpResponseReader.read(in, false);

        assertThat(first).isEqualTo(new HttpResponseReader.Response(200, 5, true));
        assertThat(second).isEqualTo(new HttpResponseReader.Response(404, 0, true));
    }

    @Test
    void chunkedBody_isReadToTheLastChunk() throws IOException {
        var in = stream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nwiki\r\n6;ext=1\r\npedia \r\n0\r\nX-Trailer: t\r\n\r\nnext");

        var response = HttpResponseReader.read(in, false);

        assertThat(response).isEqualTo(new HttpResponseReader.Response(200, 10, true));
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("next");
    }

    @Test
    void noContentAndHeadResponses_haveNoBody() throws IOException {
        var in = stream("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n");

        assertThat(HttpResponseReader.read(in, false).bodyBytes()).isZero();
        assertThat(HttpResponseReader.read(in, true).bodyBytes()).isZero();
    }

    @Test
    void informationalResponse_isSkipped() throws IOException {
        var in = stream("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}");

        assertThat(HttpResponseReader.read(in, false).status()).isEqualTo(201);
    }

    @Test
    void connectionClose_marksTheConnectionSpent() throws IOException {
        var closing = stream("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        var untilEnd = stream("HTTP/1.0 200 OK\r\n\r\nbody until the end");

        assertThat(HttpResponseReader.read(closing, false).connectionReusable()).isFalse();
        assertThat(HttpResponseReader.read(untilEnd, false)).isEqualTo(new HttpResponseReader.Response(200, 18, false));
    }

    @Test
    void truncatedOrForeignResponses_areErrors() {
        assertThatThrownBy(() ->
                        HttpResponseReader.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"), false))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> HttpResponseReader.read(stream("SSH-2.0-OpenSSH\r\n\r\n"), false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP/1.x status line");
    }
}
