package dev.bulwark.benchmarks.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A keep-alive HTTP/1.1 connection to a server on this machine, for GET requests. Refuses any address outside the
 * loopback range, so a benchmark can never be pointed at another host.
 */
public final class LoopbackConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;
    private boolean reusable = true;

    private LoopbackConnection(Socket socket, String hostHeader) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
        this.hostHeader = hostHeader;
    }

    /**
     * Resolves the host of an {@code http} URI and checks that it is a loopback address.
     *
     * @throws IllegalArgumentException for another scheme or a host outside 127.0.0.0/8 and ::1
     */
    public static InetSocketAddress loopbackAddress(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("need an http://HOST:PORT URI, got " + uri);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + uri, e);
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("benchmarks only target this machine (loopback), not " + address);
        }
        return new InetSocketAddress(address, uri.getPort());
    }

    /** Opens a connection to a loopback address. */
    public static LoopbackConnection open(InetSocketAddress address, Duration timeout) throws IOException {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("benchmarks only target this machine (loopback), not " + address);
        }
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            socket.connect(address, Math.toIntExact(timeout.toMillis()));
            String host = address.getAddress().getHostAddress();
            String hostHeader = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
            return new LoopbackConnection(socket, hostHeader);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code GET path} and reads the whole response.
     *
     * @return the status code
     * @throws IOException when the connection fails or the answer is not HTTP/1.x; the connection is then unusable
     */
    public int get(String path) throws IOException {
        return get(path, "");
    }

    /**
     * Sends {@code GET path} with extra header lines (each ending in CRLF) and reads the whole response.
     *
     * @return the status code
     * @throws IOException when the connection fails or the answer is not HTTP/1.x; the connection is then unusable
     */
    public int get(String path, String extraHeaders) throws IOException {
        if (!reusable) {
            throw new IOException("connection already closed by the server");
        }
        String request =
                "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: */*\r\n" + extraHeaders + "\r\n";
        try {
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var response = HttpResponseReader.read(in, false);
            reusable = response.connectionReusable();
            return response.status();
        } catch (IOException | RuntimeException e) {
            reusable = false;
            throw e;
        }
    }

    /** Whether another request may be sent on this connection. */
    public boolean isReusable() {
        return reusable && !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
