package dev.bulwark.server;

/**
 * The server cannot start, for a reason a person can act on: a bad setting, a data directory that cannot be
 * written, a port in use, a database held by another process. The message is one sentence that names the
 * problem and, where possible, the fix; it never carries a secret.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
