package dev.bulwark.server.cli;

import dev.bulwark.model.Secret;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.tls.ServerCertificate;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: runs the standalone server until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Runs the server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--port", paramLabel = "N", description = "The port to listen on (default 8443).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to listen on (default 127.0.0.1).")
    String host;

    @Option(
            names = "--plain-http",
            description = "Serve plain HTTP instead of TLS; only allowed on a loopback address.")
    boolean plainHttp;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (port != null) {
            overrides.put("server.port", port.toString());
        }
        if (host != null) {
            overrides.put("server.host", host);
        }
        ServerSettings settings = data.settings(overrides, plainHttp);
        PrintWriter out = spec.commandLine().getOut();
        if (!plainHttp) {
            ServerCertificate.ensureSelfSigned(settings, Clock.systemUTC());
            ServerCertificate certificate = ServerCertificate.load(settings);
            out.println("TLS certificate " + certificate.file() + (certificate.selfSigned() ? " (self-signed)" : "")
                    + ", SHA-256 fingerprint " + certificate.fingerprint());
        }
        BulwarkServer server = BulwarkServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("Bulwark server listening at " + server.baseUri() + " (data directory "
                + server.settings().dataDirectory() + ")");
        Optional<Secret> code = server.newSetupCode();
        code.ifPresent(c -> out.println("Setup required. One-time setup code: " + c.reveal() + " (valid "
                + server.setup().codeLifetime().toMinutes() + " minutes)"));
        out.flush();
        stopped.await();
        return 0;
    }
}
