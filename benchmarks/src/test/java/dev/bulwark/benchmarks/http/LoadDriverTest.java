package dev.bulwark.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadDriverTest {
    private final AtomicLong served = new AtomicLong();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/ready", exchange -> {
            served.incrementAndGet();
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void boundedRun_sendsExactlyTheRequestBudgetAndReportsIt() {
        var output = new ByteArrayOutputStream();
        var driver = new LoadDriver(new PrintStream(output, true, StandardCharsets.UTF_8));

        int exit = new CommandLine(driver)
                .execute(
                        "--url", url("/health/ready").toString(),
                        "--connections", "4",
                        "--seconds", "5",
                        "--warmup-seconds", "0",
                        "--max-requests", "200");

        assertThat(exit).isZero();
        assertThat(served).hasValue(200);
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("requests 200 in")
                .contains("non-2xx 0; I/O errors 0")
                .contains("latency ms: p50");
    }

    @Test
    void non2xxAnswers_areCounted() {
        var output = new ByteArrayOutputStream();
        var driver = new LoadDriver(new PrintStream(output, true, StandardCharsets.UTF_8));

        new CommandLine(driver)
                .execute(
                        "--url", url("/missing").toString(),
                        "--connections", "1",
                        "--warmup-seconds", "0",
                        "--max-requests", "3");

        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("requests 3 in")
                .contains("non-2xx 3");
    }

    @Test
    void addressesOutsideLoopback_areRefused() {
        assertThatThrownBy(() -> LoopbackConnection.loopbackAddress(URI.create("http://192.0.2.10:8080/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
        assertThat(LoopbackConnection.loopbackAddress(URI.create("http://127.0.0.2:8080/"))
                        .getAddress()
                        .isLoopbackAddress())
                .isTrue();
    }

    @Test
    void outOfBoundsOptions_areRejectedBeforeAnyRequest() {
        var errors = new ByteArrayOutputStream();
        var commandLine = new CommandLine(new LoadDriver(System.out));
        commandLine.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));

        int exit = commandLine.execute("--url", url("/health/ready").toString(), "--connections", "10000");

        assertThat(exit).isEqualTo(2);
        assertThat(served).hasValue(0);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("--connections must be between 1 and 256");
    }
}
