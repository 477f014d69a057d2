package dev.bulwark.server.forward;

import dev.bulwark.server.audit.AuditFeed;
import java.io.IOException;
import java.util.List;

/** A connection to one receiver. Not thread-safe: one forwarder uses it. */
interface Delivery extends AutoCloseable {
    /**
     * Sends {@code lines} in order. For a receiver that acknowledges (a webhook's 2xx), a return means they were
     * accepted; otherwise only that they were written, and {@link #confirm} tells more.
     *
     * @throws IOException with a sentence that names no secret
     */
    void send(List<AuditFeed.Line> lines) throws IOException;

    /** Whether a return from {@link #send} already means the receiver accepted the lines. */
    boolean acknowledges();

    /** Checks, after the last send, that the receiver is still there to have read what was written. */
    void confirm() throws IOException;

    /** Sends one test message. */
    void sendTest(String line) throws IOException;

    @Override
    void close();
}
