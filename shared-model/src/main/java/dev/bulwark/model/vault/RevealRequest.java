package dev.bulwark.model.vault;

/**
 * Asks for one secret of an entry.
 *
 * @param reason why (at most 500 characters); required when the server's {@code vault.reveal-reason-required}
 *     is on
 * @param field {@code secret} (the default when {@code null}), {@code notes}, or the name of a secret custom field
 */
public record RevealRequest(String reason, String field) {
    /** The entry's secret value, without a reason. */
    public static RevealRequest secret() {
        return new RevealRequest(null, null);
    }
}
