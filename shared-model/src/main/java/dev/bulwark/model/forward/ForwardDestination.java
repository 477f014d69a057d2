package dev.bulwark.model.forward;

import java.time.Instant;
import java.util.UUID;

/**
 * A place the audit trail is forwarded to, as administrators see it. The webhook's HMAC key is never sent back:
 * only whether one is stored.
 *
 * @param id the destination's id
 * @param name a name that says where it goes
 * @param kind syslog or webhook
 * @param address the webhook's {@code https://} URL, or the syslog receiver's {@code host:port}
 * @param plainTcp syslog only: plain TCP instead of TLS, allowed to a loopback receiver only
 * @param trustedCertificates PEM certificates the receiver's certificate must chain to (its CA or the certificate
 *     itself), or null for the system's certificate authorities
 * @param secretSet whether an HMAC key is stored (webhooks)
 * @param enabled whether records are forwarded
 * @param createdAt when it was added
 * @param updatedAt when it was last changed
 * @param status where delivery stands
 */
public record ForwardDestination(
        UUID id,
        String name,
        ForwardKind kind,
        String address,
        boolean plainTcp,
        String trustedCertificates,
        boolean secretSet,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        ForwardStatus status) {}
