package dev.bulwark.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.oidc.OidcProvider;
import dev.bulwark.model.oidc.OidcProviderCheck;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.IdentityFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Administrators manage sign-in providers; the client secret goes in and never comes out. */
class OidcProviderAdminIT extends AdminServerFixture {
    static final String SECRET = "planted-provider-secret-0815";
    static MockOAuth2Server provider;

    @BeforeAll
    static void startProvider() {
        provider = new MockOAuth2Server();
        provider.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    static OidcProviderRequest request(String slug, Secret secret) {
        return new OidcProviderRequest(
                slug,
                "Mock " + slug,
                provider.issuerUrl("default")
                        .newBuilder()
                        .host("127.0.0.1")
                        .build()
                        .toString(),
                "bulwark",
                secret,
                List.of("openid", "email"),
                List.of("Example.com"),
                true);
    }

    String raw(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                                .header(
                                        "Authorization",
                                        "Bearer "
                                                + admin.session()
                                                        .orElseThrow()
                                                        .accessToken()
                                                        .reveal())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Test
    void aCreatedProvider_tellsThatASecretIsStoredButNeverShowsIt() throws Exception {
        OidcProvider created = admin.oidcProviders().create(request("mock", Secret.of(SECRET)));

        assertThat(created.clientSecretSet()).isTrue();
        assertThat(created.allowedDomains()).containsExactly("example.com");
        assertThat(created.callbackPath()).isEqualTo("/api/v1/auth/oidc/mock/callback");
        assertThat(created.callbackUrl()).as("no public address configured").isNull();
        assertThat(raw("/api/v1/settings/oidc-providers")).contains("mock").doesNotContain(SECRET);
        assertThat(raw("/api/v1/settings/oidc-providers/" + created.id())).doesNotContain(SECRET);
    }

    @Test
    void changingAProviderWithoutASecret_keepsTheStoredOne_andAnEmptyOneRemovesIt() {
        OidcProvider created = admin.oidcProviders().create(request("mock", Secret.of(SECRET)));

        OidcProvider kept = admin.oidcProviders().update(created.id(), request("mock", null));
        OidcProvider removed = admin.oidcProviders().update(created.id(), request("mock", Secret.of("")));

        assertThat(kept.clientSecretSet()).isTrue();
        assertThat(removed.clientSecretSet()).isFalse();
    }

    @Test
    void everyChange_isAuditedWithoutTheSecret() throws Exception {
        OidcProvider created = admin.oidcProviders().create(request("mock", Secret.of(SECRET)));
        admin.oidcProviders().update(created.id(), request("mock-2", Secret.of(SECRET + "-new")));
        admin.oidcProviders().delete(created.id());

        List<AuditEvent> events = admin.audit().events(AuditQuery.all()).events();

        assertThat(events)
                .extracting(AuditEvent::action)
                .contains(
                        "settings.oidc-provider.create",
                        "settings.oidc-provider.update",
                        "settings.oidc-provider.delete");
        AuditEvent update = events.stream()
                .filter(e -> e.action().equals("settings.oidc-provider.update"))
                .findFirst()
                .orElseThrow();
        assertThat(update.diff()).containsKeys("slug", "clientSecret");
        assertThat(Json.strict().writeValueAsString(events)).doesNotContain(SECRET);
        assertThat(admin.oidcProviders().list().providers()).isEmpty();
    }

    @Test
    void testingAProvider_reportsItsEndpointsAndKeys() {
        OidcProvider created = admin.oidcProviders().create(request("mock", Secret.of(SECRET)));

        OidcProviderCheck check = admin.oidcProviders().test(created.id());

        assertThat(check.ok()).isTrue();
        assertThat(check.issuer())
                .isEqualTo(provider.issuerUrl("default")
                        .newBuilder()
                        .host("127.0.0.1")
                        .build()
                        .toString());
        assertThat(check.tokenEndpoint()).endsWith("/default/token");
        assertThat(check.signingKeys()).isPositive();
        assertThat(check.problems()).isEmpty();
    }

    @Test
    void testingAProviderThatCannotBeReached_reportsTheProblem() {
        OidcProvider created = admin.oidcProviders()
                .create(new OidcProviderRequest(
                        "gone", "Gone", "http://127.0.0.1:9/nothing", "bulwark", null, null, null, true));

        OidcProviderCheck check = admin.oidcProviders().test(created.id());

        assertThat(check.ok()).isFalse();
        assertThat(check.problems()).anyMatch(p -> p.contains("could not be fetched"));
        assertThat(check.problems()).anyMatch(p -> p.contains("No client secret"));
    }

    @Test
    void theGooglePreset_isAcceptedAsAnHttpsIssuer() {
        OidcProvider google = admin.oidcProviders()
                .create(new OidcProviderRequest(
                        "google",
                        "Google",
                        OidcProvider.GOOGLE_ISSUER,
                        "1234.apps.googleusercontent.com",
                        Secret.of(SECRET),
                        null,
                        null,
                        true));

        assertThat(google.issuer()).isEqualTo("https://accounts.google.com");
        assertThat(google.scopes()).containsExactly("openid", "email", "profile");
    }

    @Test
    void badSettings_areRefusedFieldByField() {
        ApiException refused = failure(() -> admin.oidcProviders()
                .create(new OidcProviderRequest(
                        "Bad Slug",
                        "Bad",
                        "http://idp.example.com",
                        "bulwark",
                        null,
                        List.of("email"),
                        List.of("not a domain"),
                        true)));

        assertThat(refused.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(refused.fieldErrors())
                .extracting(e -> e.field())
                .contains("slug", "issuer", "scopes", "allowedDomains");
    }

    @Test
    void aTakenSlug_isAConflict() {
        admin.oidcProviders().create(request("mock", null));

        ApiException taken = failure(() -> admin.oidcProviders().create(request("mock", null)));

        assertThat(taken.type()).isEqualTo(ProblemType.CONFLICT);
    }

    @Test
    void aUserWithoutSettingsAccess_cannotSeeOrChangeProviders() {
        IdentityFixtures.createUser(admin, "una@example.com", "Una User", Role.USER);
        BulwarkClient una = IdentityFixtures.signIn(server, "una@example.com");

        assertThat(failure(() -> una.oidcProviders().list()).type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> una.oidcProviders().create(request("mock", null)))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
    }
}
