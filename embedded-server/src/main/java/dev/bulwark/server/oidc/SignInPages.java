package dev.bulwark.server.oidc;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * The plain HTML pages a browser may end on during a sign-in. No script, no outside resource: the page's
 * Content-Security-Policy allows nothing but its own inline style.
 */
final class SignInPages {
    /** The policy of every HTML page the server writes. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none';"
            + " base-uri 'none'; form-action 'none'";

    private SignInPages() {}

    static void send(ServerResponse res, BrowserStep.Page page) {
        String html = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Bulwark sign-in</title>
                <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;\
                color:#1f2328}h1{font-size:1.4rem}</style></head>
                <body><h1>%s</h1><p>%s</p></body></html>
                """.formatted(escape(page.heading()), escape(page.message()));
        res.status(Status.create(page.status()));
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.headers().contentType(HttpMediaType.create("text/html; charset=utf-8"));
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
