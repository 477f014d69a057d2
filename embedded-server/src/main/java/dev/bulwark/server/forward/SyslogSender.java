package dev.bulwark.server.forward;

import dev.bulwark.server.audit.AuditFeed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * RFC 5424 messages over TLS (RFC 5425) or, to a loopback receiver, plain TCP, framed by octet counting: {@code
 * MSG-LEN SP SYSLOG-MSG}. Each record is one message of facility 13 (log audit), severity informational (warning
 * for failures and denials, notice for checkpoints), with the record's sequence number and hash as structured data
 * and its JSON line as the message.
 *
 * <p>Syslog over TCP has no acknowledgement. Before each send and in {@link #confirm} the connection is read
 * briefly: a receiver that went away closed or reset it, and what was written since the last check is sent again.
 */
final class SyslogSender implements Delivery {
    /** Facility 13, log audit (RFC 5424 §6.2.1). */
    private static final int FACILITY = 13;

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int WRITE_TIMEOUT_MILLIS = 30_000;
    private static final int CONFIRM_MILLIS = 100;
    private static final String STRUCTURED_DATA_ID = "bulwark@32473";

    private final String host;
    private final int port;
    private final boolean plainTcp;
    private final SSLContext tls;
    private final String hostname;
    private final Clock clock;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    SyslogSender(String host, int port, boolean plainTcp, SSLContext tls, String hostname, Clock clock) {
        this.host = host;
        this.port = port;
        this.plainTcp = plainTcp;
        this.tls = tls;
        this.hostname = hostname;
        this.clock = clock;
    }

    @Override
    public void send(List<AuditFeed.Line> lines) throws IOException {
        connect();
        alive(1);
        ByteArrayOutputStream frames = new ByteArrayOutputStream(lines.size() * 1024);
        for (AuditFeed.Line line : lines) {
            frame(frames, message(line));
        }
        write(frames.toByteArray());
    }

    @Override
    public boolean acknowledges() {
        return false;
    }

    @Override
    public void confirm() throws IOException {
        if (socket != null) {
            alive(CONFIRM_MILLIS);
        }
    }

    @Override
    public void sendTest(String line) throws IOException {
        connect();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frame(frames, header(FACILITY * 8 + 5, clock.instant(), "test") + " - " + line);
        write(frames.toByteArray());
        alive(CONFIRM_MILLIS * 5);
    }

    private void write(byte[] bytes) throws IOException {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            close();
            throw new IOException(
                    "The syslog receiver " + host + ":" + port + " stopped taking messages (" + describe(e) + ").", e);
        }
    }

    /** Reads for up to {@code millis}: a receiver never sends, so anything but a time-out means it is gone. */
    private void alive(int millis) throws IOException {
        try {
            socket.setSoTimeout(millis);
            int read = in.read();
            close();
            throw new IOException("The syslog receiver " + host + ":" + port
                    + (read < 0 ? " closed the connection." : " sent data, which syslog receivers never do."));
        } catch (SocketTimeoutException expected) {
            socket.setSoTimeout(WRITE_TIMEOUT_MILLIS);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("The syslog receiver")) {
                throw e;
            }
            close();
            throw new IOException(
                    "The syslog receiver " + host + ":" + port + " dropped the connection (" + describe(e) + ").", e);
        }
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            plain.setSoTimeout(WRITE_TIMEOUT_MILLIS);
            Socket connected = plain;
            if (!plainTcp) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                connected = secure;
            }
            socket = connected;
            out = connected.getOutputStream();
            in = connected.getInputStream();
        } catch (SSLException e) {
            plain.close();
            throw new IOException(
                    "The TLS handshake with the syslog receiver " + host + ":" + port + " failed (" + describe(e)
                            + ").",
                    e);
        } catch (IOException e) {
            plain.close();
            throw new IOException(
                    "The syslog receiver " + host + ":" + port + " cannot be reached (" + describe(e) + ").", e);
        }
    }

    private String message(AuditFeed.Line line) {
        int severity = line.checkpoint() ? 5 : line.failed() ? 4 : 6;
        return header(FACILITY * 8 + severity, line.occurredAt(), line.checkpoint() ? "checkpoint" : "audit")
                + " [" + STRUCTURED_DATA_ID + " seq=\"" + line.seq() + "\" hash=\"" + line.hash() + "\"] "
                + line.json();
    }

    private String header(int priority, Instant at, String messageId) {
        return "<" + priority + ">1 "
                + DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MICROS)) + " " + hostname
                + " bulwark - " + messageId;
    }

    private static void frame(ByteArrayOutputStream frames, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        frames.writeBytes((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
        frames.writeBytes(bytes);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
            out = null;
            in = null;
        }
    }
}
