package dev.bulwark.server.oidc;

import java.net.URI;

/** What the browser is shown next during a sign-in: a redirect, or a plain page when there is nowhere to go. */
sealed interface BrowserStep {
    record Redirect(URI location) implements BrowserStep {}

    record Page(int status, String heading, String message) implements BrowserStep {}
}
