package dev.bulwark.desktop.connect;

import dev.bulwark.model.client.ServerTrust;

/**
 * A certificate the person must judge before the console connects: one no authority of this computer vouches for
 * (first connect to a self-signed server), or one other than the certificate pinned for the server.
 *
 * @param server the server that presented it
 * @param rejection the presented certificate's fingerprint and, when it changed, the pinned one
 */
public record CertificateQuestion(RemoteServer server, ServerTrust.Rejection rejection) {

    /** Whether the server presented a certificate other than the pinned one. */
    public boolean changed() {
        return rejection.verdict() == ServerTrust.Verdict.CHANGED;
    }

    /** The heading of the question. */
    public String title() {
        return changed() ? "The server's certificate has changed" : "Check the server's certificate";
    }

    /** What happened and what to compare, in plain sentences. */
    public String explanation() {
        return changed()
                ? server.display() + " presented a different certificate from the one you trusted. This happens when"
                        + " the certificate was renewed, and also when someone intercepts the connection. The"
                        + " console will not connect until you compare the new fingerprint with the one the server's"
                        + " operator gives you (bulwark-server init, serve or doctor prints it)."
                : server.display() + " uses a certificate that no authority on this computer vouches for, as a"
                        + " self-signed certificate does. Compare its fingerprint with the one bulwark-server init"
                        + " printed on the server before you trust it. The console then trusts this certificate only.";
    }

    /** The fingerprint of the certificate the server presented. */
    public String presentedFingerprint() {
        return rejection.fingerprint();
    }

    /** The fingerprint pinned before; empty on a first connect. */
    public String pinnedFingerprint() {
        return rejection.pinnedFingerprint();
    }

    /** The label of the button that accepts the certificate. */
    public String trustLabel() {
        return changed() ? "Trust the new certificate" : "Trust this certificate";
    }
}
