package dev.bulwark.desktop.ui;

import java.net.URI;
import javafx.application.HostServices;

/**
 * Opens an address in the person's own web browser (RFC 8252: sign-in never happens in a web view inside the
 * console). Tests replace it with a stand-in that follows the redirects itself.
 */
@FunctionalInterface
public interface SystemBrowser {
    /** Opens {@code address} in the system browser; returns at once. */
    void open(URI address);

    /** The platform's browser, through JavaFX's host services. */
    static SystemBrowser platform(HostServices hostServices) {
        return address -> hostServices.showDocument(address.toString());
    }
}
