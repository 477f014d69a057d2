package dev.bulwark.server.forward;

import dev.bulwark.model.forward.ForwardKind;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;

/** Opens the connection a destination's settings describe. */
final class Deliveries {
    private final ForwardSecrets secrets;
    private final String hostname;
    private final Clock clock;

    Deliveries(ForwardSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
        this.hostname = localHostname();
    }

    Delivery open(StoredDestination d) {
        if (d.kind() == ForwardKind.WEBHOOK) {
            if (d.sealedSecret() == null) {
                throw new IllegalStateException("The webhook has no HMAC key.");
            }
            return new WebhookSender(
                    URI.create(d.address()),
                    secrets.open(d.id(), d.sealedSecret()),
                    ReceiverTrust.context(d.trustedPem()),
                    clock);
        }
        SyslogAddress address = SyslogAddress.parse(d.address()).orElseThrow();
        return new SyslogSender(
                address.host(),
                address.port(),
                d.plainTcp(),
                d.plainTcp() ? null : ReceiverTrust.context(d.trustedPem()),
                hostname,
                clock);
    }

    /** This machine's name as RFC 5424 allows it (printable ASCII, at most 255), or {@code -}. */
    private static String localHostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            String clean = name.replaceAll("[^\\x21-\\x7E]", "");
            return clean.isEmpty() ? "-" : clean.length() > 255 ? clean.substring(0, 255) : clean;
        } catch (java.io.IOException | RuntimeException e) {
            return "-";
        }
    }
}
