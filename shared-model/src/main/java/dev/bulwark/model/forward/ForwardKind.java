package dev.bulwark.model.forward;

/** How a forwarding destination receives the audit trail. */
public enum ForwardKind {
    /** RFC 5424 messages over TLS (RFC 5425), octet-counting framing; plain TCP only to a loopback receiver. */
    SYSLOG,
    /** HTTPS POSTs of JSON Lines batches, signed with HMAC-SHA256 in the {@code X-Bulwark-Signature} header. */
    WEBHOOK
}
