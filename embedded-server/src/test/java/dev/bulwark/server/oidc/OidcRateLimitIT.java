package dev.bulwark.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.oidc.Pkce;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser sign-in endpoints need no token, so they are limited per address like every public request. */
class OidcRateLimitIT {
    @TempDir
    Path dir;

    @Test
    void theStartEndpoint_isLimitedPerAddress() {
        try (BulwarkServer server = TestServers.embedded(dir, Map.of("BULWARK_RATE_LIMITS_PUBLIC_PER_IP", "3/1m"))) {
            BrowserStandIn browser = new BrowserStandIn();
            URI start = URI.create(server.baseUri() + "/api/v1/auth/oidc/mock/start?redirect_uri="
                    + "http%3A%2F%2F127.0.0.1%3A47123%2Fcallback&state=s&code_challenge="
                    + Pkce.challengeOf(Pkce.randomToken()) + "&code_challenge_method=S256");

            int[] statuses = new int[4];
            for (int i = 0; i < statuses.length; i++) {
                HttpResponse<String> response = browser.get(start);
                statuses[i] = response.statusCode();
            }

            assertThat(statuses).containsExactly(302, 302, 302, 429);
        }
    }
}
