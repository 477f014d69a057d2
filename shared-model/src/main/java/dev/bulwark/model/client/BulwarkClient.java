package dev.bulwark.model.client;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.SessionTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The typed client of a Bulwark server's HTTP API, one small client per feature.
 *
 * <p>Every call blocks and either returns the answer or throws {@link dev.bulwark.model.problem.ApiException}
 * with the problem type the server reported (or {@code server-unreachable} when there was no answer). The
 * client keeps the signed-in session and refreshes its access token by itself; listeners hear when the session
 * starts, changes or ends. Thread-safe.
 */
public final class BulwarkClient {
    private final Transport transport;
    private final ServerClient server;
    private final SetupClient setup;
    private final AuthClient auth;
    private final MeClient me;
    private final AuditClient audit;
    private final UsersClient users;
    private final GroupsClient groups;
    private final VaultClient vault;
    private final OidcClient oidc;
    private final OidcProvidersClient oidcProviders;
    private final PostureClient posture;
    private final BackupsClient backups;
    private final ForwardingClient forwarding;
    private final MfaClient mfa;

    /** A client for the server at {@code baseUri} with a default HTTP client. */
    public BulwarkClient(URI baseUri) {
        this(baseUri, defaultHttpClient());
    }

    /** A client that sends through {@code http}, for example one that pins a TLS certificate. */
    public BulwarkClient(URI baseUri, HttpClient http) {
        this(baseUri, http, Clock.systemUTC());
    }

    BulwarkClient(URI baseUri, HttpClient http, Clock clock) {
        this.transport = new Transport(baseUri, http, clock);
        this.server = new ServerClient(transport);
        this.setup = new SetupClient(transport);
        this.auth = new AuthClient(transport);
        this.me = new MeClient(transport);
        this.audit = new AuditClient(transport);
        this.users = new UsersClient(transport);
        this.groups = new GroupsClient(transport);
        this.vault = new VaultClient(transport);
        this.oidc = new OidcClient(transport);
        this.oidcProviders = new OidcProvidersClient(transport);
        this.posture = new PostureClient(transport);
        this.backups = new BackupsClient(transport);
        this.forwarding = new ForwardingClient(transport);
        this.mfa = new MfaClient(transport);
    }

    /**
     * A client for scripts and services that authenticates every request with an API token ({@code bwk_...})
     * instead of signing in. It acts with the token owner's permissions, narrowed by the token.
     */
    public static BulwarkClient withApiToken(URI baseUri, Secret token) {
        BulwarkClient client = new BulwarkClient(baseUri);
        client.transport.useApiToken(token);
        return client;
    }

    /** An HTTP/1.1 client with a 5 s connect timeout that follows no redirects. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI baseUri() {
        return transport.baseUri();
    }

    public ServerClient server() {
        return server;
    }

    public SetupClient setup() {
        return setup;
    }

    public AuthClient auth() {
        return auth;
    }

    public MeClient me() {
        return me;
    }

    public AuditClient audit() {
        return audit;
    }

    public UsersClient users() {
        return users;
    }

    public GroupsClient groups() {
        return groups;
    }

    public VaultClient vault() {
        return vault;
    }

    /** Sign-in through the system browser. */
    public OidcClient oidc() {
        return oidc;
    }

    /** The sign-in providers, for administrators. */
    public OidcProvidersClient oidcProviders() {
        return oidcProviders;
    }

    /** The security posture report. */
    public PostureClient posture() {
        return posture;
    }

    /** The server's encrypted backups and restore tests. */
    public BackupsClient backups() {
        return backups;
    }

    /** The destinations the audit trail is forwarded to, for administrators. */
    public ForwardingClient forwarding() {
        return forwarding;
    }

    /** Second factors, known addresses and sign-in settings. */
    public MfaClient mfa() {
        return mfa;
    }

    /** The current session, if signed in. */
    public Optional<SessionTokens> session() {
        return transport.session();
    }

    /** Calls {@code listener} whenever the session starts, is refreshed, or ends (with empty). */
    public void addSessionListener(Consumer<Optional<SessionTokens>> listener) {
        transport.addSessionListener(listener);
    }
}
