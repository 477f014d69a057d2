package dev.bulwark.server.hosted;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx in front of the nodes of a test, run from the server package's example configuration
 * ({@code installers/src/linux/server/nginx-bulwark.conf}) with only its addresses, ports and certificate paths
 * replaced, so the file the README shows is the file that is tested. It listens with TLS on a loopback port and
 * logs, for each request, the node that answered it.
 */
final class NginxProxy implements AutoCloseable {
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path EXAMPLE = Path.of("../installers/src/linux/server/nginx-bulwark.conf");

    private final Path dir;
    private final int port;
    private Process process;

    private NginxProxy(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(NGINX);
    }

    /** A free loopback port, for the proxy's address to be known before the nodes start. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Writes the configuration for {@code nodes} (their plain-HTTP loopback ports) and starts nginx on port. */
    static NginxProxy start(Path dir, int port, List<Integer> nodes, Path certificate, Path key) throws Exception {
        Files.createDirectories(dir.resolve("temp"));
        String site = Files.readString(EXAMPLE);
        site = replaceOnce(site, "listen 443 ssl;", "listen 127.0.0.1:" + port + " ssl;");
        site = replaceOnce(site, "/etc/nginx/tls/bulwark.example.com.crt", certificate.toString());
        site = replaceOnce(site, "/etc/nginx/tls/bulwark.example.com.key", key.toString());
        site = replaceOnce(site, "server_name bulwark.example.com;", "server_name 127.0.0.1;");
        List<String> servers = new ArrayList<>();
        for (String line : site.lines().toList()) {
            if (line.strip().startsWith("server 127.0.0.1:808")) {
                servers.add(line);
            }
        }
        if (servers.size() != 2) {
            throw new IllegalStateException("The example configuration no longer lists two example nodes");
        }
        StringBuilder upstreams = new StringBuilder();
        for (int node : nodes) {
            upstreams
                    .append(servers.getFirst().replace("127.0.0.1:8081", "127.0.0.1:" + node))
                    .append('\n');
        }
        site = replaceOnce(site, servers.get(0) + "\n" + servers.get(1) + "\n", upstreams.toString());
        Files.writeString(dir.resolve("bulwark.conf"), site);
        String temp = dir.resolve("temp").toString();
        String main = """
                %1$s
                daemon off;
                master_process on;
                worker_processes 1;
                pid %2$s/nginx.pid;
                error_log %2$s/error.log info;
                events { worker_connections 256; }
                http {
                    log_format upstream '$status $request_method $uri $upstream_addr';
                    access_log %2$s/access.log upstream;
                    client_body_temp_path %3$s/body;
                    proxy_temp_path %3$s/proxy;
                    fastcgi_temp_path %3$s/fastcgi;
                    uwsgi_temp_path %3$s/uwsgi;
                    scgi_temp_path %3$s/scgi;
                    include %2$s/bulwark.conf;
                }
                """.formatted("root".equals(System.getProperty("user.name")) ? "user root;" : "", dir, temp);
        Files.writeString(dir.resolve("nginx.conf"), main);
        NginxProxy proxy = new NginxProxy(dir, port);
        proxy.launch();
        return proxy;
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("The example configuration should hold \"" + from + "\" once");
        }
        return text.replace(from, to);
    }

    private void launch() throws Exception {
        ProcessBuilder check = new ProcessBuilder(
                        NGINX.toString(),
                        "-t",
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true);
        Process test = check.start();
        String checked = new String(test.getInputStream().readAllBytes());
        if (test.waitFor() != 0) {
            throw new IllegalStateException("nginx refuses the configuration: " + checked);
        }
        process = new ProcessBuilder(
                        NGINX.toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx stopped: " + Files.readString(dir.resolve("error.log")));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen on port " + port + " within 20 s");
    }

    /** Which node ({@code 127.0.0.1:port}) answered each request so far, in order. */
    List<String> upstreams() throws IOException {
        Path log = dir.resolve("access.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream()
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .toList();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
