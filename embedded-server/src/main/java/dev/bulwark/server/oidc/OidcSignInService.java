package dev.bulwark.server.oidc;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi20;
import com.github.scribejava.core.httpclient.jdk.JDKHttpClientConfig;
import com.github.scribejava.core.oauth.OAuth20Service;
import com.github.scribejava.core.pkce.PKCE;
import com.github.scribejava.core.pkce.PKCECodeChallengeMethod;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.oidc.OidcProviderInfo;
import dev.bulwark.model.oidc.OidcProviderInfoList;
import dev.bulwark.model.oidc.OidcSignInError;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.oidc.Pkce;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.AuthService;
import dev.bulwark.server.auth.FirstFactor;
import dev.bulwark.server.auth.SecondFactor;
import dev.bulwark.server.crypto.Digests;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.user.UserAccount;
import dev.bulwark.server.user.UserRepository;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in through the system browser (PRODUCT §4, RFC 8252): the server is the OAuth client of the provider and
 * hands the desktop a one-time code bound to the desktop's PKCE challenge and loopback address.
 *
 * <p>Security guarantees: the desktop's redirect URI must be {@code http://127.0.0.1:{port}/...} or {@code
 * http://[::1]:{port}/...}; only S256 challenges are accepted. The server's state (kept only as SHA-256), nonce
 * and PKCE verifier (sealed) are single use and live {@code oidc.pending-ttl}; the one-time code is kept only as
 * SHA-256, single use, lives {@code oidc.code-ttl} and opens a session only with the verifier of its challenge and
 * the exact redirect URI. The ID token is validated by {@link IdTokens}; {@code email_verified} must be true and
 * the email must belong to an existing, enabled user (no self-registration) of an allowed domain. Every success
 * and refusal is audited with its reason; no secret, code, verifier or token is ever part of a record.
 */
public final class OidcSignInService {

    private static final int MAX_STATE_CHARS = 500;
    private static final int MAX_REDIRECT_CHARS = 1000;
    private static final int HTTP_TIMEOUT_MILLIS = 10_000;

    private final Transactions tx;
    private final OidcRepository repository;
    private final UserRepository users;
    private final ClientSecrets secrets;
    private final OidcDiscovery discovery;
    private final IdTokens idTokens;
    private final AuthService auth;
    private final SecondFactor secondFactor;
    private final ProviderBinding binding;
    private final AuditTrail audit;
    /** How long a person may spend at the provider. */
    private final Duration pendingTtl;
    /** How long the desktop has to exchange its one-time code. */
    private final Duration codeTtl;

    private final Clock clock;

    OidcSignInService(
            Transactions tx,
            OidcRepository repository,
            UserRepository users,
            ClientSecrets secrets,
            OidcDiscovery discovery,
            AuthService auth,
            SecondFactor secondFactor,
            ProviderBinding binding,
            AuditTrail audit,
            ServerSettings.OidcSettings settings,
            Clock clock) {
        this.secondFactor = secondFactor;
        this.binding = binding;
        this.pendingTtl = settings.pendingTtl();
        this.codeTtl = settings.codeTtl();
        this.tx = tx;
        this.repository = repository;
        this.users = users;
        this.secrets = secrets;
        this.discovery = discovery;
        this.idTokens = new IdTokens(discovery, clock);
        this.auth = auth;
        this.audit = audit;
        this.clock = clock;
    }

    /** The enabled providers, for the sign-in screen. */
    public OidcProviderInfoList providers() {
        return new OidcProviderInfoList(tx.read(c -> repository.listProviders(c).stream()
                .filter(StoredProvider::enabled)
                .map(p -> new OidcProviderInfo(p.slug(), p.displayName()))
                .toList()));
    }

    /** The desktop's start parameters, as the browser sent them. */
    public record StartRequest(String redirectUri, String state, String codeChallenge, String codeChallengeMethod) {}

    /**
     * Starts a sign-in with provider {@code slug}: remembers it and sends the browser to the provider. Refusals go
     * back to the desktop's loopback address with an {@code error}, or, when that address is not acceptable, end
     * on a page.
     *
     * @param serverBase the address the browser reached this server at; the provider returns to its callback
     */
    public BrowserStep start(String slug, StartRequest request, URI serverBase, ClientInfo client) {
        Optional<URI> loopback = loopback(request.redirectUri());
        if (loopback.isEmpty()) {
            denied(null, null, slug, client, "The redirect URI is not a loopback address (http://127.0.0.1:port/...).");
            return new BrowserStep.Page(
                    400,
                    "This sign-in link is not valid",
                    "Bulwark only sends sign-ins back to the desktop application on this computer. Start the sign-in"
                            + " again from Bulwark.");
        }
        URI redirect = loopback.get();
        String clientState = request.state();
        DesktopReturn back = new DesktopReturn(redirect, clientState, slug, client);
        if (clientState == null || clientState.isBlank() || clientState.length() > MAX_STATE_CHARS) {
            return refuse(
                    new DesktopReturn(redirect, null, slug, client),
                    OidcSignInError.INVALID_REQUEST,
                    null,
                    "The state is missing.");
        }
        if (!Pkce.S256.equals(request.codeChallengeMethod())) {
            return refuse(
                    back,
                    OidcSignInError.INVALID_REQUEST,
                    null,
                    "The PKCE method " + describe(request.codeChallengeMethod()) + " was refused; only S256 is"
                            + " accepted.");
        }
        if (!Pkce.isChallenge(request.codeChallenge())) {
            return refuse(
                    back, OidcSignInError.INVALID_REQUEST, null, "The PKCE code challenge is not an S256 challenge.");
        }
        Optional<StoredProvider> provider =
                tx.read(c -> repository.findProviderBySlug(c, slug)).filter(StoredProvider::enabled);
        if (provider.isEmpty()) {
            return refuse(
                    back, OidcSignInError.INVALID_REQUEST, null, "No enabled sign-in provider is named " + slug + ".");
        }
        StoredProvider found = provider.get();
        OidcDiscovery.Metadata metadata;
        try {
            metadata = discovery.metadata(found.issuer());
        } catch (ProviderException e) {
            return refuse(back, OidcSignInError.PROVIDER_ERROR, null, e.getMessage());
        }
        String state = Pkce.randomToken();
        String nonce = Pkce.randomToken();
        Secret verifier = Secret.of(Pkce.randomToken());
        String stateHash = Digests.sha256Hex(state);
        URI callback = serverBase.resolve("/api/v1/auth/oidc/" + found.slug() + "/callback");
        Instant now = clock.instant();
        tx.write(c -> {
            repository.deleteExpired(c, now.minus(Duration.ofMinutes(10)));
            repository.insertPending(
                    c,
                    new OidcRepository.PendingSignIn(
                            stateHash,
                            found.id(),
                            nonce,
                            secrets.sealVerifier(stateHash, verifier),
                            callback.toString(),
                            redirect.toString(),
                            clientState,
                            request.codeChallenge(),
                            now,
                            now.plus(pendingTtl),
                            null));
            return null;
        });
        PKCE pkce = new PKCE();
        pkce.setCodeVerifier(verifier.reveal());
        pkce.setCodeChallenge(Pkce.challengeOf(verifier.reveal()));
        pkce.setCodeChallengeMethod(PKCECodeChallengeMethod.S256);
        try (OAuth20Service service = service(found, metadata, callback.toString(), null)) {
            return new BrowserStep.Redirect(URI.create(service.createAuthorizationUrlBuilder()
                    .state(state)
                    .pkce(pkce)
                    .additionalParams(Map.of("nonce", nonce))
                    .build()));
        } catch (IOException e) {
            throw new IllegalStateException("The OAuth client could not be closed", e);
        }
    }

    /** What the provider sent back to the callback. */
    public record CallbackRequest(String state, String code, String error) {}

    /**
     * Finishes the provider's part: checks the state, exchanges the code, validates the ID token and the user,
     * and sends the browser to the desktop's loopback address with a one-time code or an {@code error}.
     */
    public BrowserStep callback(String slug, CallbackRequest request, ClientInfo client) {
        if (request.state() == null
                || request.state().isBlank()
                || request.state().length() > MAX_STATE_CHARS) {
            denied(null, null, slug, client, "The provider's answer carries no state.");
            return noSignIn();
        }
        String stateHash = Digests.sha256Hex(request.state());
        Instant now = clock.instant();
        Optional<OidcRepository.PendingSignIn> taken = tx.write(c -> repository.takePending(c, stateHash, now));
        if (taken.isEmpty()) {
            denied(null, null, slug, client, "The state is unknown: no sign-in was started with it.");
            return noSignIn();
        }
        OidcRepository.PendingSignIn pending = taken.get();
        if (pending.usedAt() != null) {
            denied(null, null, slug, client, "The state was used before: the provider's answer was replayed.");
            return noSignIn();
        }
        URI redirect = URI.create(pending.clientRedirectUri());
        String clientState = pending.clientState();
        DesktopReturn back = new DesktopReturn(redirect, clientState, slug, client);
        Optional<StoredProvider> provider = tx.read(c -> repository.findProvider(c, pending.providerId()))
                .filter(p -> p.slug().equals(slug) && p.enabled());
        if (provider.isEmpty()) {
            return refuse(
                    back,
                    OidcSignInError.INVALID_REQUEST,
                    null,
                    "The answer came back for another provider than the one the sign-in started with.");
        }
        if (!now.isBefore(pending.expiresAt())) {
            return refuse(
                    back,
                    OidcSignInError.EXPIRED,
                    null,
                    "The sign-in was not finished at the provider within " + describe(pendingTtl) + ".");
        }
        if (request.error() != null) {
            boolean cancelled = "access_denied".equals(request.error());
            return refuse(
                    back,
                    cancelled ? OidcSignInError.CANCELLED : OidcSignInError.PROVIDER_ERROR,
                    null,
                    cancelled
                            ? "The sign-in was cancelled or refused at the provider."
                            : "The provider answered with the error " + describe(request.error()) + ".");
        }
        if (request.code() == null || request.code().isBlank()) {
            return refuse(back, OidcSignInError.PROVIDER_ERROR, null, "The provider's answer carries no code.");
        }
        StoredProvider found = provider.get();
        JWTClaimsSet claims;
        try {
            OidcDiscovery.Metadata metadata = discovery.metadata(found.issuer());
            Secret verifier = secrets.openVerifier(stateHash, pending.sealedVerifier());
            String idToken = exchangeCode(found, metadata, pending.callbackUri(), request.code(), verifier);
            claims = idTokens.validate(idToken, metadata, found.clientId(), pending.nonce());
        } catch (ProviderException e) {
            return refuse(back, OidcSignInError.PROVIDER_ERROR, null, e.getMessage());
        }
        String email = stringClaim(claims, "email");
        if (email == null || email.isBlank()) {
            return refuse(back, OidcSignInError.PROVIDER_ERROR, null, "The ID token carries no email.");
        }
        if (!isTrue(claims.getClaim("email_verified"))) {
            return refuse(
                    back,
                    OidcSignInError.EMAIL_NOT_VERIFIED,
                    email,
                    "The provider has not verified the email " + email + ".");
        }
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (!found.allowedDomains().isEmpty() && !found.allowedDomains().contains(domain)) {
            return refuse(
                    back,
                    OidcSignInError.DOMAIN_NOT_ALLOWED,
                    email,
                    "The domain " + domain + " is not among the provider's allowed domains.");
        }
        Optional<User> user = tx.read(c -> users.findByEmail(c, email)).map(UserAccount::user);
        if (user.isEmpty()) {
            return refuse(back, OidcSignInError.UNKNOWN_USER, email, "No user has the email " + email + ".");
        }
        if (!user.get().enabled()) {
            denied(email, user.get(), slug, client, "The account is disabled.");
            return toDesktop(redirect, clientState, "error", OidcSignInError.USER_DISABLED.code());
        }
        String subject = claims.getSubject();
        String issuer = claims.getIssuer();
        User person = user.get();
        Optional<String> mismatch =
                tx.read(c -> binding.refusal(c, person, new FirstFactor.ProviderAccount(found.id(), issuer, subject)));
        if (mismatch.isPresent()) {
            denied(email, person, slug, client, mismatch.get());
            return toDesktop(redirect, clientState, "error", OidcSignInError.IDENTITY_MISMATCH.code());
        }
        boolean providerMfa = showsSecondFactor(claims);
        String code = Pkce.randomToken();
        tx.write(c -> {
            repository.insertCode(
                    c,
                    new OidcRepository.OneTimeCode(
                            Digests.sha256Hex(code),
                            user.get().id(),
                            found.id(),
                            pending.codeChallenge(),
                            pending.clientRedirectUri(),
                            now,
                            now.plus(codeTtl),
                            null,
                            issuer,
                            subject,
                            providerMfa));
            return null;
        });
        return toDesktop(redirect, clientState, "code", code);
    }

    /**
     * Exchanges the desktop's one-time code and PKCE verifier for a session, or, for an administrator, for a
     * second-factor challenge under the same policy as a password sign-in (docs/decisions/0027). The first
     * exchange for a user binds the provider account to them.
     *
     * @throws ApiException {@code validation-failed} for missing fields; {@code invalid-credentials} when the code
     *     is unknown, used before, expired, or does not match the verifier or the redirect URI, or the provider
     *     account is not the one the user is bound to
     */
    public LoginOutcome exchange(OidcTokenRequest request, ClientInfo client) {
        Validator input = new Validator()
                .present("code", request.code())
                .present("codeVerifier", request.codeVerifier())
                .text("redirectUri", request.redirectUri(), 1, MAX_REDIRECT_CHARS);
        input.throwIfInvalid();
        Instant now = clock.instant();
        String codeHash = Digests.sha256Hex(request.code().reveal());
        Optional<OidcRepository.OneTimeCode> taken = tx.write(c -> repository.takeCode(c, codeHash, now));
        if (taken.isEmpty()) {
            throw exchangeRefused(null, null, client, "The sign-in code is unknown.");
        }
        OidcRepository.OneTimeCode code = taken.get();
        Optional<User> user = tx.read(c -> users.findById(c, code.userId())).map(UserAccount::user);
        Optional<StoredProvider> provider = tx.read(c -> repository.findProvider(c, code.providerId()));
        String slug = provider.map(StoredProvider::slug).orElse("?");
        User known = user.orElse(null);
        if (code.usedAt() != null) {
            throw exchangeRefused(known, slug, client, "The sign-in code was used before: it was replayed.");
        }
        if (!now.isBefore(code.expiresAt())) {
            throw exchangeRefused(
                    known, slug, client, "The sign-in code expired " + describe(codeTtl) + " after issue.");
        }
        if (!code.redirectUri().equals(request.redirectUri())) {
            throw exchangeRefused(known, slug, client, "The redirect URI is not the one the sign-in was started with.");
        }
        if (!Pkce.matches(request.codeVerifier().reveal(), code.codeChallenge())) {
            throw exchangeRefused(
                    known,
                    slug,
                    client,
                    "The PKCE code verifier does not match the challenge the sign-in started with.");
        }
        if (known == null || !known.enabled() || provider.isEmpty()) {
            throw exchangeRefused(known, slug, client, "The account or provider is no longer enabled.");
        }
        StoredProvider through = provider.get();
        if (code.subject() == null || code.issuer() == null) {
            throw exchangeRefused(known, slug, client, "The sign-in code names no provider account.");
        }
        FirstFactor.ProviderAccount account =
                new FirstFactor.ProviderAccount(through.id(), code.issuer(), code.subject());
        Optional<String> refusal = tx.read(c -> binding.refusal(c, known, account));
        if (refusal.isPresent()) {
            throw exchangeRefused(known, slug, client, refusal.get());
        }
        boolean admin = known.role() == Role.ADMIN;
        boolean trustedProviderMfa = admin && through.trustProviderMfa() && code.providerMfa();
        if (admin && !trustedProviderMfa) {
            // the account is bound once the second factor is passed (AuthService.completeSecondFactor), not before
            Optional<SecondFactor.Pending> pending = tx.write(
                    c -> secondFactor.check(c, known, FirstFactor.provider(slug, account), client, clock.instant()));
            if (pending.isPresent()) {
                pending.get().afterCommit().run();
                return new LoginOutcome.MfaRequired(pending.get().challenge());
            }
        }
        tx.write(c -> {
            binding.bind(c, known, account, client, now);
            return null;
        });
        String auditMethod = "oidc:" + slug + (trustedProviderMfa ? "+provider-mfa" : "");
        return new LoginOutcome.SignedIn(auth.startSession(known.id(), "oidc", auditMethod, client));
    }

    /**
     * Whether the ID token's {@code amr} (RFC 8176) shows a second factor: it names {@code mfa}, or two or more
     * different methods.
     */
    static boolean showsSecondFactor(JWTClaimsSet claims) {
        Object amr = claims.getClaim("amr");
        if (!(amr instanceof java.util.List<?> methods)) {
            return false;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Object m : methods) {
            if (m instanceof String name && !name.isBlank()) {
                names.add(name.strip().toLowerCase(Locale.ROOT));
            }
        }
        return names.contains("mfa") || names.size() >= 2;
    }

    private ApiException exchangeRefused(User known, String slug, ClientInfo client, String reason) {
        denied(known == null ? null : known.email(), known, slug, client, reason);
        return ApiException.of(
                ProblemType.INVALID_CREDENTIALS,
                "This sign-in code is not valid (used, expired or not yours). Start the sign-in again.");
    }

    private String exchangeCode(
            StoredProvider provider, OidcDiscovery.Metadata metadata, String callback, String code, Secret verifier) {
        Secret clientSecret = provider.sealedSecret() == null
                ? null
                : secrets.openClientSecret(provider.id(), provider.sealedSecret());
        StringBuilder form = new StringBuilder()
                .append("grant_type=authorization_code")
                .append("&code=")
                .append(encode(code))
                .append("&redirect_uri=")
                .append(encode(callback))
                .append("&code_verifier=")
                .append(encode(verifier.reveal()));
        String authorization = null;
        if (clientSecret == null || clientSecret.isEmpty()) {
            form.append("&client_id=").append(encode(provider.clientId()));
        } else {
            // RFC 6749 §2.3.1: both parts form-encoded before Basic.
            String pair = encode(provider.clientId()) + ":" + encode(clientSecret.reveal());
            authorization =
                    "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        OidcDiscovery.Answer answer = discovery.postForm(metadata.tokenEndpoint(), form.toString(), authorization);
        Map<String, Object> body;
        try {
            body = JSONObjectUtils.parse(answer.body());
        } catch (ParseException e) {
            throw new ProviderException("The provider's token answer is not JSON (HTTP " + answer.status() + ").");
        }
        if (answer.status() != 200) {
            Object error = body.get("error");
            throw new ProviderException("The provider refused the code exchange with the error "
                    + describe(error instanceof String text ? text : "unknown") + ".");
        }
        if (!(body.get("id_token") instanceof String idToken)) {
            throw new ProviderException("The provider's token answer carries no ID token.");
        }
        return idToken;
    }

    private static OAuth20Service service(
            StoredProvider provider, OidcDiscovery.Metadata metadata, String callback, Secret clientSecret) {
        ServiceBuilder builder = new ServiceBuilder(provider.clientId())
                .callback(callback)
                .httpClientConfig(JDKHttpClientConfig.defaultConfig()
                        .withConnectTimeout(HTTP_TIMEOUT_MILLIS)
                        .withReadTimeout(HTTP_TIMEOUT_MILLIS));
        if (clientSecret == null || clientSecret.isEmpty()) {
            builder.apiSecretIsEmptyStringUnsafe();
        } else {
            builder.apiSecret(clientSecret.reveal());
        }
        builder.defaultScope(String.join(" ", provider.scopes()));
        return builder.build(new DefaultApi20() {
            @Override
            public String getAccessTokenEndpoint() {
                return metadata.tokenEndpoint().toString();
            }

            @Override
            protected String getAuthorizationBaseUrl() {
                return metadata.authorizationEndpoint().toString();
            }
        });
    }

    /** {@code http://127.0.0.1:{port}/path} or {@code http://[::1]:{port}/path}, without query or fragment. */
    static Optional<URI> loopback(String redirectUri) {
        if (redirectUri == null || redirectUri.length() > MAX_REDIRECT_CHARS) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(redirectUri);
            boolean loopbackHost = "127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
            if (!"http".equals(uri.getScheme())
                    || !loopbackHost
                    || uri.getPort() < 1
                    || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/")) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Where a refusal goes back to: the desktop's loopback address and state, for a sign-in through {@code slug}. */
    private record DesktopReturn(URI redirect, String clientState, String slug, ClientInfo client) {}

    /** Audits the refusal with {@code reason} and sends the browser back to the desktop with {@code error}. */
    private BrowserStep refuse(DesktopReturn back, OidcSignInError error, String email, String reason) {
        denied(email, null, back.slug(), back.client(), reason);
        return toDesktop(back.redirect(), back.clientState(), "error", error.code());
    }

    private static BrowserStep toDesktop(URI redirect, String clientState, String name, String value) {
        String location = redirect + "?" + name + "=" + encode(value)
                + (clientState == null ? "" : "&state=" + encode(clientState));
        return new BrowserStep.Redirect(URI.create(location));
    }

    private static BrowserStep noSignIn() {
        return new BrowserStep.Page(
                400,
                "This sign-in cannot be finished",
                "The sign-in link is unknown, was used already, or has expired. Start the sign-in again from Bulwark.");
    }

    private void denied(String email, User known, String slug, ClientInfo client, String reason) {
        audit.recordAlone(AuditRecord.of(AuditAction.AUTH_LOGIN_FAILURE, AuditOutcome.DENIED)
                .anonymous(email)
                .authMethod("oidc:" + describe(slug))
                .from(client)
                .target("user", known == null ? null : known.id(), known == null ? null : known.email())
                .reason(reason));
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? s.strip() : null;
    }

    private static boolean isTrue(Object claim) {
        return Boolean.TRUE.equals(claim) || "true".equals(claim);
    }

    /** A value from outside, cut and stripped of anything but plain characters before it is recorded. */
    private static String describe(String value) {
        if (value == null) {
            return "(none)";
        }
        String plain = value.replaceAll("[^A-Za-z0-9_.:-]", "?");
        return plain.length() > 40 ? plain.substring(0, 40) : plain;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String describe(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
