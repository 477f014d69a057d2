package dev.bulwark.server.oidc;

import com.google.crypto.tink.Aead;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.oidc.OidcProvider;
import dev.bulwark.model.oidc.OidcProviderCheck;
import dev.bulwark.model.oidc.OidcProviderList;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.AuthService;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.auth.SecondFactor;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.user.UserRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The sign-in providers administrators configure: list, add, change, remove and test. Reading needs SETTINGS
 * READ; adding, changing, removing and testing are for administrators only (docs/decisions/0027), since a
 * provider decides who may sign in as whom. Every change is audited.
 *
 * <p>Security guarantees: the client secret is sealed with the server key set as soon as it arrives and is never
 * returned, logged or recorded: answers carry only whether one is stored, audit diffs only that it changed. A
 * change of issuer or client id removes the stored secret (it belongs to the old registration and must never be
 * sent to another token endpoint) and every account linked through the provider; removing a provider removes its
 * links. Issuer URLs must pass {@link ProviderAddresses} when saved (and again at every fetch).
 */
public final class OidcProviderService {
    private static final Set<String> AUDIT_CLEAR_FIELDS = Set.of(
            "slug",
            "displayName",
            "issuer",
            "clientId",
            "scopes",
            "allowedDomains",
            "enabled",
            "trustProviderMfa",
            "linkedAccountsRemoved");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}\\.)+[a-z0-9-]{2,63}");
    private static final int MAX_SECRET_CHARS = 1000;

    private final Transactions tx;
    private final OidcRepository repository;
    private final ClientSecrets secrets;
    private final OidcDiscovery discovery;
    private final ProviderAddresses addresses;
    private final Authorizer authorizer;
    private final AuditTrail audit;
    private final Optional<URI> publicUrl;
    private final Clock clock;

    private OidcProviderService(
            Transactions tx,
            OidcRepository repository,
            ClientSecrets secrets,
            OidcDiscovery discovery,
            ProviderAddresses addresses,
            Authorizer authorizer,
            AuditTrail audit,
            Optional<URI> publicUrl,
            Clock clock) {
        this.addresses = addresses;
        this.publicUrl = publicUrl;
        this.tx = tx;
        this.repository = repository;
        this.secrets = secrets;
        this.discovery = discovery;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The provider administration, the browser sign-in and the users' linked accounts, sharing one store, key and
     * discovery cache.
     */
    public record Services(OidcProviderService providers, OidcSignInService signIn, OidcIdentityService identities) {}

    /**
     * Wires the services; {@code serverAead} seals client secrets and verifiers; {@code secondFactor} is asked, as
     * after a password, when an administrator signs in through a provider.
     */
    public static Services create(
            Transactions tx,
            Aead serverAead,
            UserRepository users,
            AuthService auth,
            SecondFactor secondFactor,
            ProviderBinding binding,
            Authorizer authorizer,
            AuditTrail audit,
            ServerSettings.OidcSettings settings,
            Optional<URI> publicUrl,
            Clock clock) {
        OidcRepository repository = new JdbcOidcRepository();
        ClientSecrets secrets = new ClientSecrets(serverAead);
        ProviderAddresses addresses = new ProviderAddresses(settings.allowInsecureLoopback());
        OidcDiscovery discovery = new OidcDiscovery(addresses, clock);
        return new Services(
                new OidcProviderService(
                        tx, repository, secrets, discovery, addresses, authorizer, audit, publicUrl, clock),
                new OidcSignInService(
                        tx, repository, users, secrets, discovery, auth, secondFactor, binding, audit, settings, clock),
                new OidcIdentityService(tx, repository, users, authorizer, audit));
    }

    public OidcProviderList list(Caller caller) {
        authorizer.require(caller, Module.SETTINGS, AccessLevel.READ);
        return new OidcProviderList(tx.read(
                c -> repository.listProviders(c).stream().map(this::toWire).toList()));
    }

    public OidcProvider get(Caller caller, UUID id) {
        authorizer.require(caller, Module.SETTINGS, AccessLevel.READ);
        return toWire(find(id));
    }

    public OidcProvider create(Caller caller, OidcProviderRequest request) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "add a sign-in provider");
        Valid valid = validate(request);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String sealed = request.clientSecret() == null || request.clientSecret().isEmpty()
                ? null
                : secrets.sealClientSecret(id, request.clientSecret());
        StoredProvider created = new StoredProvider(
                id,
                valid.slug(),
                valid.displayName(),
                valid.issuer(),
                valid.clientId(),
                sealed,
                valid.scopes(),
                valid.allowedDomains(),
                request.enabled() == null || request.enabled(),
                now,
                now,
                Boolean.TRUE.equals(request.trustProviderMfa()));
        tx.write(c -> {
            if (repository.findProviderBySlug(c, created.slug()).isPresent()) {
                throw slugTaken(created.slug());
            }
            repository.insertProvider(c, created);
            AuditDiff diff = diff(null, created);
            if (sealed != null) {
                diff.secretChanged("clientSecret");
            }
            return audit.record(
                    c,
                    AuditRecord.change(
                            AuditAction.OIDC_PROVIDER_CREATE,
                            caller.user(),
                            caller.client(),
                            "oidc-provider",
                            id,
                            diff));
        });
        return toWire(created);
    }

    public OidcProvider update(Caller caller, UUID id, OidcProviderRequest request) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "change a sign-in provider");
        Valid valid = validate(request);
        Instant now = clock.instant();
        StoredProvider updated = tx.write(c -> {
            StoredProvider before = repository.findProvider(c, id).orElseThrow(OidcProviderService::notFound);
            if (!before.slug().equals(valid.slug())
                    && repository.findProviderBySlug(c, valid.slug()).isPresent()) {
                throw slugTaken(valid.slug());
            }
            Secret secret = request.clientSecret();
            // Another issuer or client id is another registration: the old secret must not follow it there.
            boolean registrationChanged = !before.issuer().equals(valid.issuer())
                    || !before.clientId().equals(valid.clientId());
            String kept = registrationChanged ? null : before.sealedSecret();
            String sealed = secret == null ? kept : secret.isEmpty() ? null : secrets.sealClientSecret(id, secret);
            StoredProvider after = new StoredProvider(
                    id,
                    valid.slug(),
                    valid.displayName(),
                    valid.issuer(),
                    valid.clientId(),
                    sealed,
                    valid.scopes(),
                    valid.allowedDomains(),
                    request.enabled() == null ? before.enabled() : request.enabled(),
                    before.createdAt(),
                    now,
                    request.trustProviderMfa() == null ? before.trustProviderMfa() : request.trustProviderMfa());
            repository.updateProvider(c, after);
            int unlinked = registrationChanged ? repository.deleteIdentitiesOf(c, id) : 0;
            AuditDiff diff = diff(before, after);
            if (secret != null || (registrationChanged && before.sealedSecret() != null)) {
                diff.secretChanged("clientSecret");
            }
            if (unlinked > 0) {
                diff.change("linkedAccountsRemoved", null, Integer.toString(unlinked));
            }
            audit.record(
                    c,
                    AuditRecord.change(
                            AuditAction.OIDC_PROVIDER_UPDATE,
                            caller.user(),
                            caller.client(),
                            "oidc-provider",
                            id,
                            diff));
            discovery.forget(before.issuer());
            return after;
        });
        return toWire(updated);
    }

    public void delete(Caller caller, UUID id) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "remove a sign-in provider");
        tx.write(c -> {
            StoredProvider before = repository.findProvider(c, id).orElseThrow(OidcProviderService::notFound);
            int unlinked = repository.deleteIdentitiesOf(c, id);
            repository.deleteProvider(c, id);
            discovery.forget(before.issuer());
            AuditDiff diff = diff(before, null);
            if (unlinked > 0) {
                diff.change("linkedAccountsRemoved", null, Integer.toString(unlinked));
            }
            return audit.record(
                    c,
                    AuditRecord.change(
                            AuditAction.OIDC_PROVIDER_DELETE,
                            caller.user(),
                            caller.client(),
                            "oidc-provider",
                            id,
                            diff));
        });
    }

    /** Fetches the provider's discovery document and key set as a sign-in would, and reports what was found. */
    public OidcProviderCheck test(Caller caller, UUID id) {
        // A test makes the server fetch from the provider's URLs: the same rights as changing it.
        authorizer.requireAdmin(caller, Module.SETTINGS, "test a sign-in provider");
        StoredProvider provider = find(id);
        List<String> problems = new ArrayList<>();
        if (provider.sealedSecret() == null) {
            problems.add("No client secret is stored; most providers refuse a code exchange without one.");
        }
        try {
            Map.Entry<OidcDiscovery.Metadata, JWKSet> found = discovery.fetchAll(provider.issuer());
            OidcDiscovery.Metadata m = found.getKey();
            int keys = found.getValue().getKeys().size();
            if (keys == 0) {
                problems.add("The provider's key set holds no keys, so no ID token could be verified.");
            }
            discovery.forget(provider.issuer());
            return new OidcProviderCheck(
                    keys > 0,
                    m.issuer(),
                    m.authorizationEndpoint().toString(),
                    m.tokenEndpoint().toString(),
                    m.jwksUri().toString(),
                    keys,
                    problems);
        } catch (ProviderException e) {
            problems.add(e.getMessage());
            return new OidcProviderCheck(false, null, null, null, null, 0, problems);
        }
    }

    private StoredProvider find(UUID id) {
        return tx.read(c -> repository.findProvider(c, id)).orElseThrow(OidcProviderService::notFound);
    }

    private record Valid(
            String slug,
            String displayName,
            String issuer,
            String clientId,
            List<String> scopes,
            List<String> allowedDomains) {}

    private Valid validate(OidcProviderRequest request) {
        Validator input = new Validator()
                .text("displayName", request.displayName(), 1, 100)
                .text("clientId", request.clientId(), 1, 500)
                .text("issuer", request.issuer(), 1, 500);
        String slug = request.slug() == null ? "" : request.slug().strip();
        if (!SLUG.matcher(slug).matches()) {
            input.error("slug", "Use 2 to 40 lower-case letters, digits and dashes, for example google.");
        }
        String issuer = request.issuer() == null ? "" : request.issuer().strip();
        if (!input.hasError("issuer") && (!isIssuer(issuer) || !addresses.schemeAllowed(URI.create(issuer)))) {
            input.error("issuer", "Use the provider's https issuer URL, for example https://accounts.google.com.");
        } else if (!input.hasError("issuer")) {
            String refusal = addresses.refusal(URI.create(issuer), "issuer");
            if (refusal != null) {
                input.error("issuer", refusal);
            }
        }
        List<String> scopes = request.scopes() == null
                ? dev.bulwark.model.oidc.OidcProvider.DEFAULT_SCOPES
                : request.scopes().stream()
                        .filter(Objects::nonNull)
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .distinct()
                        .toList();
        if (!scopes.contains("openid")) {
            input.error("scopes", "The scopes must include openid.");
        } else if (scopes.size() > 20
                || !scopes.stream().allMatch(s -> SCOPE.matcher(s).matches())) {
            input.error("scopes", "Use up to 20 scopes of plain characters, for example openid email profile.");
        }
        List<String> domains = request.allowedDomains() == null
                ? List.of()
                : List.copyOf(new LinkedHashSet<>(request.allowedDomains().stream()
                        .filter(Objects::nonNull)
                        .map(d -> d.strip().toLowerCase(Locale.ROOT))
                        .filter(d -> !d.isEmpty())
                        .toList()));
        if (domains.size() > 50
                || !domains.stream().allMatch(d -> DOMAIN.matcher(d).matches())) {
            input.error("allowedDomains", "Use up to 50 domain names such as example.com.");
        }
        if (request.clientSecret() != null && request.clientSecret().length() > MAX_SECRET_CHARS) {
            input.error("clientSecret", "Use at most " + MAX_SECRET_CHARS + " characters.");
        }
        input.throwIfInvalid();
        return new Valid(
                slug,
                request.displayName().strip(),
                issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer,
                request.clientId().strip(),
                scopes,
                domains);
    }

    private static boolean isIssuer(String issuer) {
        try {
            URI uri = new URI(issuer);
            return uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static AuditDiff diff(StoredProvider before, StoredProvider after) {
        AuditDiff diff = AuditDiff.forEntity(AUDIT_CLEAR_FIELDS);
        changed(diff, "slug", before, after, StoredProvider::slug);
        changed(diff, "displayName", before, after, StoredProvider::displayName);
        changed(diff, "issuer", before, after, StoredProvider::issuer);
        changed(diff, "clientId", before, after, StoredProvider::clientId);
        changed(diff, "scopes", before, after, p -> String.join(" ", p.scopes()));
        changed(diff, "allowedDomains", before, after, p -> String.join(",", p.allowedDomains()));
        changed(diff, "enabled", before, after, p -> Boolean.toString(p.enabled()));
        changed(diff, "trustProviderMfa", before, after, p -> Boolean.toString(p.trustProviderMfa()));
        return diff;
    }

    private static void changed(
            AuditDiff diff,
            String field,
            StoredProvider before,
            StoredProvider after,
            java.util.function.Function<StoredProvider, String> value) {
        String was = before == null ? null : value.apply(before);
        String is = after == null ? null : value.apply(after);
        if (!Objects.equals(was, is)) {
            diff.change(field, was, is);
        }
    }

    private OidcProvider toWire(StoredProvider p) {
        String callbackPath = "/api/v1/auth/oidc/" + p.slug() + "/callback";
        return new OidcProvider(
                p.id(),
                p.slug(),
                p.displayName(),
                p.issuer(),
                p.clientId(),
                p.sealedSecret() != null,
                p.scopes(),
                p.allowedDomains(),
                p.enabled(),
                callbackPath,
                publicUrl.map(url -> url.resolve(callbackPath).toString()).orElse(null),
                p.createdAt(),
                p.updatedAt(),
                p.trustProviderMfa());
    }

    private static ApiException notFound() {
        return ApiException.of(ProblemType.NOT_FOUND, "No sign-in provider has this id.");
    }

    private static ApiException slugTaken(String slug) {
        return ApiException.of(ProblemType.CONFLICT, "Another sign-in provider is already named " + slug + ".");
    }
}
