package dev.bulwark.server;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.server.ServerMode;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditRoutes;
import dev.bulwark.server.audit.AuditService;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.audit.ChainVerifier;
import dev.bulwark.server.audit.CheckpointKeys;
import dev.bulwark.server.audit.CheckpointWitness;
import dev.bulwark.server.auth.AccessTokens;
import dev.bulwark.server.auth.AccountLockout;
import dev.bulwark.server.auth.AuthService;
import dev.bulwark.server.auth.Authenticator;
import dev.bulwark.server.auth.JdbcLockoutRepository;
import dev.bulwark.server.auth.JdbcSessionRepository;
import dev.bulwark.server.auth.JdbcSigningKeyRepository;
import dev.bulwark.server.auth.JwksRoutes;
import dev.bulwark.server.auth.LockoutPolicy;
import dev.bulwark.server.auth.LoginRoutes;
import dev.bulwark.server.auth.SessionRepository;
import dev.bulwark.server.auth.SigningKeys;
import dev.bulwark.server.backup.BackupRoutes;
import dev.bulwark.server.backup.BackupService;
import dev.bulwark.server.crypto.JdbcKeySetRepository;
import dev.bulwark.server.crypto.KeySetRepository;
import dev.bulwark.server.crypto.KeySets;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.crypto.MasterKeyRotation;
import dev.bulwark.server.crypto.Pbkdf2PasswordHasher;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.db.JobLocks;
import dev.bulwark.server.db.ScheduledJobs;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.forward.ForwardJobs;
import dev.bulwark.server.forward.ForwardRoutes;
import dev.bulwark.server.forward.ForwardService;
import dev.bulwark.server.group.GroupRoutes;
import dev.bulwark.server.group.GroupService;
import dev.bulwark.server.group.JdbcGroupRepository;
import dev.bulwark.server.http.ClientAddress;
import dev.bulwark.server.http.OperatorAccess;
import dev.bulwark.server.http.ProblemHandler;
import dev.bulwark.server.http.RateLimitFilter;
import dev.bulwark.server.http.RateLimits;
import dev.bulwark.server.http.RequestContext;
import dev.bulwark.server.http.SecurityHeaders;
import dev.bulwark.server.log.Logging;
import dev.bulwark.server.metrics.MetricsFilter;
import dev.bulwark.server.metrics.MetricsRoutes;
import dev.bulwark.server.metrics.ServerMetrics;
import dev.bulwark.server.mfa.MeMfaRoutes;
import dev.bulwark.server.mfa.MfaRoutes;
import dev.bulwark.server.mfa.MfaService;
import dev.bulwark.server.mfa.SignInSettingsRoutes;
import dev.bulwark.server.mfa.UserMfaRoutes;
import dev.bulwark.server.oidc.OidcProviderRoutes;
import dev.bulwark.server.oidc.OidcProviderService;
import dev.bulwark.server.oidc.OidcRoutes;
import dev.bulwark.server.oidc.ProviderBinding;
import dev.bulwark.server.oidc.UserIdentityRoutes;
import dev.bulwark.server.openapi.OpenApiRoutes;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.permission.JdbcPermissionRepository;
import dev.bulwark.server.permission.PermissionCache;
import dev.bulwark.server.permission.PermissionRepository;
import dev.bulwark.server.posture.PostureChecks;
import dev.bulwark.server.posture.PostureRoutes;
import dev.bulwark.server.posture.PostureService;
import dev.bulwark.server.setup.SetupRoutes;
import dev.bulwark.server.setup.SetupService;
import dev.bulwark.server.status.HealthRoutes;
import dev.bulwark.server.status.ServerRoutes;
import dev.bulwark.server.tls.ServerCertificate;
import dev.bulwark.server.token.ApiTokenRoutes;
import dev.bulwark.server.token.ApiTokenService;
import dev.bulwark.server.token.JdbcApiTokenRepository;
import dev.bulwark.server.user.AccountService;
import dev.bulwark.server.user.JdbcUserRepository;
import dev.bulwark.server.user.MeRoutes;
import dev.bulwark.server.user.PasswordPolicy;
import dev.bulwark.server.user.PasswordPolicyRoutes;
import dev.bulwark.server.user.SessionService;
import dev.bulwark.server.user.UserImportService;
import dev.bulwark.server.user.UserRepository;
import dev.bulwark.server.user.UserRoutes;
import dev.bulwark.server.user.UserService;
import dev.bulwark.server.vault.JdbcVaultRepository;
import dev.bulwark.server.vault.SecretSealer;
import dev.bulwark.server.vault.VaultJobs;
import dev.bulwark.server.vault.VaultRotation;
import dev.bulwark.server.vault.VaultRoutes;
import dev.bulwark.server.vault.VaultService;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The composition root of a Bulwark server: wires settings, database, keys, services and routes, and runs the
 * HTTP listener. The same server runs embedded in the desktop (loopback, ephemeral port) and standalone.
 *
 * <p>{@link #open} prepares everything but the listener (what {@code bulwark-server init} needs); {@link
 * #listen} starts serving; {@link #start} does both. {@link #close} stops the listener and closes the database
 * cleanly.
 */
public final class BulwarkServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BulwarkServer.class.getName());

    private final ServerSettings settings;
    private final Database database;
    private final Pbkdf2PasswordHasher hasher;
    private final SetupService setup;
    private final AuditService audit;
    private final HttpRouting.Builder routing;
    private final VaultRotation vaultRotation;
    private final JobLocks jobLocks;
    private final ScheduledJobs jobs;
    private final Optional<CheckpointWitness> witness;
    private final BackupService backups;
    private final ForwardJobs forwardJobs;
    private volatile WebServer webServer;

    private BulwarkServer(
            ServerSettings settings,
            Database database,
            Pbkdf2PasswordHasher hasher,
            SetupService setup,
            AuditService audit,
            HttpRouting.Builder routing,
            VaultRotation vaultRotation,
            JobLocks jobLocks,
            ScheduledJobs jobs,
            Optional<CheckpointWitness> witness,
            BackupService backups,
            ForwardJobs forwardJobs) {
        this.witness = witness;
        this.forwardJobs = forwardJobs;
        this.settings = settings;
        this.database = database;
        this.hasher = hasher;
        this.setup = setup;
        this.audit = audit;
        this.routing = routing;
        this.vaultRotation = vaultRotation;
        this.jobLocks = jobLocks;
        this.jobs = jobs;
        this.backups = backups;
    }

    /** Opens and listens. */
    public static BulwarkServer start(ServerSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** Opens and listens with {@code clock} as the time of every expiry, lock and rate (tests move it). */
    static BulwarkServer start(ServerSettings settings, Clock clock) {
        BulwarkServer server = open(settings, clock);
        try {
            return server.listen();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Prepares the data directory, database, keys and services without listening.
     *
     * @throws StartupException with one sentence a person can act on
     */
    public static BulwarkServer open(ServerSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    /** Like {@link #open(ServerSettings)}, with the clock every service reads (benchmarks replay time with it). */
    public static BulwarkServer open(ServerSettings settings, Clock clock) {
        prepareDataDirectory(settings.dataDirectory());
        Logging.configureOnce(
                settings.mode() == ServerMode.EMBEDDED
                        ? settings.dataDirectory().resolve("logs")
                        : null);
        Database database = Database.open(settings);
        Pbkdf2PasswordHasher hasher = null;
        try {
            Transactions tx = new Transactions(database);
            KeySetRepository keySetRepository = new JdbcKeySetRepository();
            MasterKeyRotation.finishInterrupted(
                    tx,
                    keySetRepository,
                    settings.dataDirectory(),
                    settings.masterKey().isPresent());
            MasterKey masterKey = MasterKey.load(
                    settings.masterKey(), settings.dataDirectory(), !KeySets.exist(tx, keySetRepository));
            KeySets keySets = KeySets.load(tx, keySetRepository, masterKey, clock);
            ServerSettings.SessionSettings sessionSettings = settings.sessions();
            Duration reloadInterval = settings.cluster().reloadInterval();
            JobLocks jobLocks = new JobLocks(database.dataSource(), database.isH2());
            hasher = new Pbkdf2PasswordHasher(
                    settings.passwords().hashIterations(), settings.passwords().hashThreads());
            PasswordPolicy policy = PasswordPolicy.load();
            CheckpointKeys checkpointKeys = CheckpointKeys.load(tx, keySets.serverAead(), clock);
            AuditTrail trail = new AuditTrail(
                    tx,
                    checkpointKeys,
                    settings.audit().checkpointInterval(),
                    settings.audit().checkpointPeriod(),
                    clock);
            trail.stateCheckpointPolicy();
            Optional<CheckpointWitness> witness = settings.audit()
                    .witnessFile()
                    .map(file -> CheckpointWitness.open(file, settings.dataDirectory(), tx));
            witness.ifPresent(trail::witnessedBy);
            SigningKeys signingKeys = SigningKeys.load(
                    tx,
                    new JdbcSigningKeyRepository(),
                    keySets.serverAead(),
                    sessionSettings.signingKeyRotation(),
                    sessionSettings.accessTokenTtl(),
                    reloadInterval,
                    trail,
                    clock);
            UserRepository users = new JdbcUserRepository();
            SessionRepository sessions = new JdbcSessionRepository();
            AccessTokens accessTokens = new AccessTokens(signingKeys, sessionSettings.accessTokenTtl(), clock);
            PermissionRepository permissions = new JdbcPermissionRepository();
            PermissionCache permissionCache = new PermissionCache(tx, users, permissions);
            Authorizer authorizer = new Authorizer(permissionCache, trail, tx, permissions);
            ApiTokenService apiTokens =
                    new ApiTokenService(tx, new JdbcApiTokenRepository(), users, authorizer, trail, clock);
            Authenticator authenticator = new Authenticator(
                    accessTokens, apiTokens, tx, sessions, users, sessionSettings.idleTimeout(), clock);
            RateLimits.Listener rateLimitAudit =
                    rejection -> trail.recordAlone(AuditRecord.of(AuditAction.RATE_LIMIT, AuditOutcome.DENIED)
                            .anonymous(rejection.account())
                            .from(rejection.client())
                            .target("rate-limit", null, rejection.limit().slug())
                            .reason(rejection.exception().detail()));
            // On PostgreSQL several nodes may share the database, so they share the buckets too (decision 0037)
            RateLimits rateLimits = database.isH2()
                    ? RateLimits.inMemory(settings.rateLimits(), clock, rateLimitAudit)
                    : RateLimits.inPostgresql(
                            settings.rateLimits(), database.rateLimitDataSource(), clock, rateLimitAudit);
            AccountLockout lockout =
                    new AccountLockout(new JdbcLockoutRepository(), new LockoutPolicy(settings.lockout()));
            MfaService.Parts mfa = MfaService.create(
                    tx, users, keySets.serverAead(), settings, authorizer, hasher, trail, rateLimits, lockout, clock);
            ProviderBinding providerBinding = ProviderBinding.create(trail);
            AuthService auth = new AuthService(
                    tx,
                    users,
                    sessions,
                    hasher,
                    accessTokens,
                    trail,
                    rateLimits,
                    lockout,
                    mfa.mfa(),
                    providerBinding,
                    sessionSettings.idleTimeout(),
                    sessionSettings.absoluteTimeout(),
                    clock);
            SetupService setup = new SetupService(tx, users, hasher, policy, trail, settings.setupCodeTtl(), clock);
            AccountService accounts = new AccountService(
                    tx, users, sessions, hasher, policy, trail, apiTokens, authorizer, lockout, clock);
            AuditService audit = new AuditService(
                    tx,
                    trail,
                    new ChainVerifier(tx, checkpointKeys, clock),
                    authorizer,
                    settings.audit().witnessFile(),
                    clock);
            UserService userService = new UserService(
                    tx,
                    users,
                    sessions,
                    permissions,
                    permissionCache,
                    authorizer,
                    hasher,
                    policy,
                    trail,
                    apiTokens,
                    lockout,
                    clock);
            SessionService sessionService =
                    new SessionService(tx, users, sessions, authorizer, sessionSettings.idleTimeout(), trail, clock);
            JdbcGroupRepository groups = new JdbcGroupRepository();
            GroupService groupService = new GroupService(tx, groups, users, permissions, authorizer, trail, clock);
            UserImportService userImport =
                    new UserImportService(tx, users, groups, permissions, authorizer, trail, clock);
            ServerSettings.VaultSettings vaultSettings = settings.vault();
            SecretSealer sealer = SecretSealer.load(tx, keySetRepository, masterKey, reloadInterval, clock);
            var vaultRepository = new JdbcVaultRepository();
            VaultService vaultService =
                    new VaultService(tx, vaultRepository, sealer, authorizer, trail, vaultSettings, clock);
            VaultRotation vaultRotation = new VaultRotation(
                    tx,
                    keySetRepository,
                    masterKey,
                    settings.dataDirectory(),
                    vaultRepository,
                    sealer,
                    authorizer,
                    trail,
                    vaultSettings.rotationBatchSize(),
                    vaultSettings.rotationPause(),
                    // Only nodes sharing a database need the grace; an H2 file has one (decision 0039).
                    database.isH2() ? Duration.ZERO : reloadInterval.multipliedBy(5),
                    jobLocks,
                    clock);
            OidcProviderService.Services oidc = OidcProviderService.create(
                    tx,
                    keySets.serverAead(),
                    users,
                    auth,
                    mfa.mfa(),
                    providerBinding,
                    authorizer,
                    trail,
                    settings.oidc(),
                    settings.http().publicUrl(),
                    clock);
            ServerRoutes serverRoutes = new ServerRoutes(
                    setup,
                    authenticator,
                    settings.mode(),
                    settings.dataDirectory(),
                    database.description(),
                    Instant.now(clock),
                    clock);

            BackupService backups =
                    new BackupService(tx, database.dataSource(), masterKey, authorizer, trail, settings, clock);

            ForwardService.Parts forwarding = ForwardService.create(
                    tx, keySets.serverAead(), authorizer, trail, settings.forwarding(), clock, jobLocks);

            PostureService posture = new PostureService(
                    new PostureChecks(
                            settings,
                            tx,
                            () -> java.util.logging.Logger.getLogger("").getLevel(),
                            clock),
                    authorizer);

            ServerMetrics metrics = new ServerMetrics(trail::length);
            OperatorAccess operatorAccess = new OperatorAccess(
                    settings.http().loopback() && settings.observabilityOpenOnLoopback(), authenticator, authorizer);
            HttpRouting.Builder routing = HttpRouting.builder()
                    .addFilter(new RequestContext())
                    .addFilter(new ClientAddress(settings.http().trustedProxies()))
                    .addFilter(new MetricsFilter(metrics))
                    .addFilter(new SecurityHeaders(!settings.http().plainHttp()))
                    .addFilter(new RateLimitFilter(rateLimits, "/api/v1/auth/login"))
                    .register("/health", new HealthRoutes(database, operatorAccess))
                    .register("/metrics", new MetricsRoutes(metrics, operatorAccess))
                    .register("/.well-known", new JwksRoutes(signingKeys))
                    .register("/api", new OpenApiRoutes(Version.current()))
                    .register("/api/v1/server", serverRoutes)
                    .register("/api/v1/setup", new SetupRoutes(setup))
                    .register("/api/v1/auth/mfa", new MfaRoutes(auth, mfa.mfa()))
                    .register("/api/v1/auth", new LoginRoutes(auth, authenticator))
                    .register(
                            "/api/v1/auth/oidc",
                            new OidcRoutes(oidc.signIn(), settings.http().publicUrl()))
                    .register(
                            "/api/v1/settings/oidc-providers", new OidcProviderRoutes(oidc.providers(), authenticator))
                    .register("/api/v1", new ApiTokenRoutes(apiTokens, authenticator))
                    .register("/api/v1/me", new MeMfaRoutes(mfa.accounts(), authenticator))
                    .register("/api/v1/me", new MeRoutes(accounts, sessionService, authenticator))
                    .register("/api/v1/password-policy", new PasswordPolicyRoutes(accounts))
                    .register("/api/v1/audit", new AuditRoutes(audit, authenticator))
                    .register("/api/v1/users", new UserMfaRoutes(mfa.accounts(), authenticator))
                    .register("/api/v1/users", new UserIdentityRoutes(oidc.identities(), authenticator))
                    .register("/api/v1/users", new UserRoutes(userService, sessionService, userImport, authenticator))
                    .register("/api/v1/settings/sign-in", new SignInSettingsRoutes(mfa.settings(), authenticator))
                    .register("/api/v1/groups", new GroupRoutes(groupService, authenticator))
                    .register("/api/v1/vault", new VaultRoutes(vaultService, vaultRotation, authenticator))
                    .register("/api/v1/posture", new PostureRoutes(posture, authenticator))
                    .register("/api/v1/backups", new BackupRoutes(backups, authenticator))
                    .register("/api/v1/settings/forwarding", new ForwardRoutes(forwarding.service(), authenticator))
                    .any(OpenApiRoutes::unrouted);
            ProblemHandler.register(routing);
            ScheduledJobs jobs = new ScheduledJobs(jobLocks)
                    .every(VaultRotation.JOB, Duration.ZERO, Duration.ofSeconds(10), vaultRotation::runToCompletion)
                    .every(
                            "vault-maintenance",
                            Duration.ZERO,
                            vaultSettings.maintenanceInterval(),
                            new VaultJobs(vaultService)::maintain)
                    .every("backup-schedule", Duration.ofSeconds(1), Duration.ofMinutes(1), backups::runScheduledIfDue)
                    .every("signing-key-rotation", Duration.ZERO, SigningKeys.CHECK_INTERVAL, signingKeys::rotateIfDue);
            if (rateLimits.shared()) {
                // buckets kept in PostgreSQL that are full again (decision 0037)
                Duration cleanup = settings.rateLimits().cleanupInterval();
                jobs.every("rate-limit-cleanup", cleanup, cleanup, rateLimits::removeExpired);
            }
            return new BulwarkServer(
                    settings,
                    database,
                    hasher,
                    setup,
                    audit,
                    routing,
                    vaultRotation,
                    jobLocks,
                    jobs,
                    witness,
                    backups,
                    forwarding.jobs());
        } catch (RuntimeException e) {
            if (hasher != null) {
                hasher.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * Starts the HTTP listener.
     *
     * @throws StartupException when the address is in use, plain HTTP is asked for off loopback, or the TLS
     *     certificate cannot be read
     */
    public synchronized BulwarkServer listen() {
        if (webServer != null) {
            return this;
        }
        ServerSettings.HttpSettings http = settings.http();
        if (http.plainHttp() && !http.loopback()) {
            throw new StartupException(
                    "Plain HTTP is only allowed on a loopback address such as 127.0.0.1, not on " + http.host() + ".");
        }
        Optional<ServerCertificate> certificate =
                http.plainHttp() ? Optional.empty() : Optional.of(ServerCertificate.load(settings));
        requirePortFree(http);
        webServer = WebServer.builder()
                .update(server -> certificate.ifPresent(c -> server.tls(c.tls())))
                .host(http.host())
                .port(http.port())
                .shutdownHook(false)
                .maxPayloadSize(http.maxPayloadBytes())
                // Without TCP_NODELAY a response written in two segments waits for the client's delayed ACK (40 ms)
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .directHandlers(ProblemHandler.directHandlers())
                .routing(routing)
                .build()
                .start();
        if (!webServer.isRunning()) {
            webServer = null;
            throw new StartupException("The server could not listen on " + http.host() + " port " + http.port() + ".");
        }
        jobs.start();
        witness.ifPresent(CheckpointWitness::start);
        forwardJobs.start();
        LOG.log(
                System.Logger.Level.INFO,
                "Bulwark {0} serving {1} mode at {2}",
                Version.current(),
                settings.mode(),
                baseUri());
        return this;
    }

    /** The address the server answers at, e.g. {@code http://127.0.0.1:41234} or {@code https://...}. */
    public URI baseUri() {
        if (webServer == null) {
            throw new IllegalStateException("The server is not listening");
        }
        String host =
                settings.http().host().contains(":") && !settings.http().host().startsWith("[")
                        ? "[" + settings.http().host() + "]"
                        : settings.http().host();
        return URI.create((settings.http().plainHttp() ? "http://" : "https://") + host + ":" + webServer.port());
    }

    /** The settings this server runs with. */
    public ServerSettings settings() {
        return settings;
    }

    /** First-run setup. */
    public SetupService setup() {
        return setup;
    }

    /** Reading and verifying the audit trail. */
    public AuditService audit() {
        return audit;
    }

    /** The vault's data key rotation, for {@code rotate-keys}. */
    public VaultRotation vaultRotation() {
        return vaultRotation;
    }

    /** Encrypted backups, for {@code bulwark-server backup} and the schedule. */
    public BackupService backups() {
        return backups;
    }

    /** The database's product and version. */
    public String databaseDescription() {
        return database.description();
    }

    /**
     * A fresh one-time setup code when the first administrator is still missing. The embedded server hands it
     * to the desktop in-process, so the person at the desktop never has to type it.
     */
    public Optional<Secret> newSetupCode() {
        return setup.isSetupRequired() ? Optional.of(setup.newSetupCode()) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        forwardJobs.close();
        vaultRotation.stop();
        jobs.close();
        jobLocks.close();
        if (webServer != null) {
            webServer.stop();
            webServer = null;
        }
        witness.ifPresent(CheckpointWitness::close);
        hasher.close();
        database.close();
    }

    private static void prepareDataDirectory(Path dir) {
        try {
            if (Files.notExists(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (UnsupportedOperationException e) {
            try {
                Files.createDirectories(dir);
            } catch (IOException io) {
                throw notWritable(dir, io);
            }
        } catch (IOException e) {
            throw notWritable(dir, e);
        }
    }

    private static StartupException notWritable(Path dir, IOException e) {
        String reason =
                e instanceof FileSystemException fs && fs.getReason() != null ? " (" + fs.getReason() + ")" : "";
        return new StartupException(
                "The data directory " + dir + " cannot be created or written" + reason
                        + ". Choose another with --data-dir or fix its permissions.",
                e);
    }

    /** The web server only logs a failed bind; checking first gives the operator one clear sentence instead. */
    private static void requirePortFree(ServerSettings.HttpSettings http) {
        if (http.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(http.host(), http.port()));
        } catch (BindException e) {
            throw new StartupException("Port " + http.port() + " on " + http.host()
                    + " is already in use. Stop the program using it or choose another port with --port.");
        } catch (IOException e) {
            throw new StartupException("The server cannot listen on " + http.host() + " port " + http.port() + ".", e);
        }
    }
}
