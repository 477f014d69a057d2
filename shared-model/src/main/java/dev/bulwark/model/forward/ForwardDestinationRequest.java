package dev.bulwark.model.forward;

import dev.bulwark.model.Secret;

/**
 * Adds or changes a destination ({@code POST /api/v1/settings/forwarding}, {@code PUT .../{id}}).
 *
 * @param name a name that says where it goes, 1 to 100 characters, unique
 * @param kind syslog or webhook
 * @param address a webhook's {@code https://} URL (plain http only to a loopback IP under the development setting
 *     {@code forwarding.allow-insecure-loopback}), or a syslog receiver's {@code host:port}
 * @param plainTcp syslog only: plain TCP instead of TLS, to a loopback IP literal only; {@code null} means TLS
 * @param trustedCertificates PEM certificates the receiver must chain to, which pins the receiver to them; null or
 *     empty means the system's certificate authorities
 * @param secret the webhook's HMAC-SHA256 key (at least 32 characters); on a change {@code null} keeps the stored
 *     one; required for a new webhook
 * @param enabled whether records are forwarded; {@code null} means yes on creation and keeps the stored value on a
 *     change
 */
public record ForwardDestinationRequest(
        String name,
        ForwardKind kind,
        String address,
        Boolean plainTcp,
        String trustedCertificates,
        Secret secret,
        Boolean enabled) {}
