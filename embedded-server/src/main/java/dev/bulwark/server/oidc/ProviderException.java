package dev.bulwark.server.oidc;

/**
 * A provider could not be reached or gave an answer that fails a check. The message is one sentence for an
 * audit reason or an administrator; it never holds a secret, a code or a token.
 */
final class ProviderException extends RuntimeException {
    ProviderException(String message) {
        super(message, null, false, false);
    }
}
