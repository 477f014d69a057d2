package dev.bulwark.server.forward;

import dev.bulwark.model.forward.ForwardKind;
import java.time.Instant;
import java.util.UUID;

/**
 * A destination row. {@code sealedSecret} is the webhook's HMAC key encrypted by {@link ForwardSecrets}, or
 * {@code null}; {@code trustedPem} pins the receiver's certificate chain, or is {@code null} for the system's
 * authorities.
 */
record StoredDestination(
        UUID id,
        String name,
        ForwardKind kind,
        String address,
        boolean plainTcp,
        String trustedPem,
        String sealedSecret,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {
    @Override
    public String toString() {
        return "StoredDestination[" + name + ", " + kind + ", " + address + "]";
    }
}
