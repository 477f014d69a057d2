package dev.bulwark.benchmarks.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a stream and discards its body: just enough HTTP for the load driver and the
 * start-up probe, which must not let a client library's own start-up or overhead blur what they measure.
 * Handles {@code Content-Length}, chunked bodies, bodiless statuses and bodies delimited by the connection's end.
 */
final class HttpResponseReader {
    private static final int MAX_LINE = 8192;

    /** The status and framing of a response whose body has been read and discarded. */
    record Response(int status, long bodyBytes, boolean connectionReusable) {}

    private HttpResponseReader() {}

    /**
     * Reads the status line, the headers and the body of the next response on {@code in}.
     *
     * @param headRequest whether the request was a HEAD, whose response has no body whatever its headers say
     * @throws IOException on a malformed response or when the stream ends early
     */
    static Response read(InputStream in, boolean headRequest) throws IOException {
        String statusLine = readLine(in);
        while (statusLine.isEmpty()) {
            statusLine = readLine(in);
        }
        int status = parseStatus(statusLine);
        boolean http10 = statusLine.startsWith("HTTP/1.0");

        long contentLength = -1;
        boolean chunked = false;
        boolean close = http10;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                case "connection" -> {
                    String token = value.toLowerCase(Locale.ROOT);
                    close = token.contains("close") || (http10 && !token.contains("keep-alive"));
                }
                default -> {}
            }
        }

        if (status >= 100 && status < 200) {
            return read(in, headRequest);
        }
        if (headRequest || status == 204 || status == 304) {
            return new Response(status, 0, !close);
        }
        if (chunked) {
            return new Response(status, skipChunked(in), !close);
        }
        if (contentLength >= 0) {
            skipExactly(in, contentLength);
            return new Response(status, contentLength, !close);
        }
        return new Response(status, in.transferTo(OutputStream.nullOutputStream()), false);
    }

    private static int parseStatus(String statusLine) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad status code in: " + statusLine, e);
        }
    }

    private static long skipChunked(InputStream in) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = readLine(in);
            int extension = sizeLine.indexOf(';');
            String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + sizeLine, e);
            }
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailer fields are not needed
                }
                return total;
            }
            skipExactly(in, size);
            total += size;
            if (!readLine(in).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private static void skipExactly(InputStream in, long count) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("stream ended " + remaining + " bytes before the body's end");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside a response head");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }
}
