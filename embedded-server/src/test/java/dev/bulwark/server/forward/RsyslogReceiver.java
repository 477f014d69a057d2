package dev.bulwark.server.forward;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's rsyslog as a real RFC 5425 receiver for tests: run from a generated configuration under a temporary
 * directory, listening with TLS (the OpenSSL driver) on a loopback port with a certificate from the test's CA, and
 * writing each message's MSGID, structured data and text to a file, one line per message.
 */
final class RsyslogReceiver implements AutoCloseable {
    static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

    private final Path dir;
    private final int port;
    private Process process;

    private RsyslogReceiver(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(RSYSLOGD);
    }

    /** Writes the configuration and starts rsyslogd. */
    static RsyslogReceiver start(Path dir, Path caFile, Path certificate, Path key) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(dir.resolve("work"));
        String config = """
                global(workDirectory="%1$s/work" maxMessageSize="256k"
                       defaultNetstreamDriver="ossl"
                       defaultNetstreamDriverCAFile="%2$s"
                       defaultNetstreamDriverCertFile="%3$s"
                       defaultNetstreamDriverKeyFile="%4$s")
                module(load="imtcp" streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon")
                input(type="imtcp" address="127.0.0.1" port="%5$d")
                template(name="line" type="string" string="%%msgid%% %%structured-data%% %%msg%%\\n")
                action(type="omfile" file="%1$s/received.log" template="line" flushOnTXEnd="on" asyncWriting="off")
                """.formatted(dir, caFile, certificate, key, port);
        Files.writeString(dir.resolve("rsyslog.conf"), config);
        RsyslogReceiver receiver = new RsyslogReceiver(dir, port);
        receiver.startAgain();
        return receiver;
    }

    /** Starts rsyslogd (again) on the same port and file, and waits until it listens. */
    void startAgain() throws Exception {
        process = new ProcessBuilder(
                        RSYSLOGD.toString(),
                        "-n",
                        "-f",
                        dir.resolve("rsyslog.conf").toString(),
                        "-i",
                        dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsyslogd stopped: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("rsyslogd did not listen on port " + port);
    }

    /** Stops rsyslogd as its service would (SIGTERM), so it writes what it has read. */
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        Files.deleteIfExists(dir.resolve("rsyslogd.pid"));
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    Path file() {
        return dir.resolve("received.log");
    }

    /** The lines received so far. */
    List<String> lines() throws IOException {
        return Files.exists(file()) ? Files.readAllLines(file()) : List.of();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
