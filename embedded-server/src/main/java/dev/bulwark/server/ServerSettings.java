package dev.bulwark.server;

import dev.bulwark.model.Secret;
import dev.bulwark.model.server.ServerMode;
import dev.bulwark.server.http.Cidr;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of a server, typed and validated.
 *
 * <p>Settings come from an optional YAML file and from {@code BULWARK_*} environment variables, which win. A
 * key such as {@code password.hash-iterations} is {@code BULWARK_PASSWORD_HASH_ITERATIONS} in the environment.
 * A bad or unknown setting stops the server at start with a sentence that names the key.
 *
 * @param mode embedded (inside the desktop) or standalone
 * @param dataDirectory where the database, key file and logs live
 * @param http the listener
 * @param database the database connection
 * @param passwords password hashing
 * @param sessions token and session lifetimes
 * @param setupCodeTtl how long a setup code stays valid
 * @param audit the audit trail's checkpoints
 * @param rateLimits request rates per class of endpoint
 * @param lockout when repeated failed sign-ins lock an account
 * @param masterKey the key-encryption key from {@code BULWARK_MASTER_KEY}; empty means the key file in the data
 *     directory
 * @param vault the credential vault
 * @param tls the standalone server's certificate
 * @param mfa the second factor for sign-ins from new addresses
 * @param mail the SMTP server for codes and alerts (administrators may replace it at run time)
 * @param oidc lifetimes of browser sign-ins
 * @param observabilityOpenOnLoopback whether health and metrics answer without a bearer on a loopback listener
 * @param backup scheduled encrypted backups and how many are kept
 * @param forwarding forwarding the audit trail to SIEM destinations
 */
public record ServerSettings(
        ServerMode mode,
        Path dataDirectory,
        HttpSettings http,
        DatabaseSettings database,
        PasswordSettings passwords,
        SessionSettings sessions,
        Duration setupCodeTtl,
        AuditSettings audit,
        RateLimitSettings rateLimits,
        LockoutSettings lockout,
        Optional<Secret> masterKey,
        VaultSettings vault,
        TlsSettings tls,
        MfaSettings mfa,
        MailSettings mail,
        OidcSettings oidc,
        boolean observabilityOpenOnLoopback,
        BackupSettings backup,
        ForwardingSettings forwarding,
        ClusterSettings cluster) {

    public ServerSettings {
        requireBetween("setup.code-ttl", setupCodeTtl, Duration.ofMinutes(1), Duration.ofDays(1));
    }

    /**
     * The listener: address, port and limits.
     *
     * @param publicUrl the address browsers and consoles reach this server at (behind a reverse proxy, the proxy's
     *     {@code https://} address); empty means the address each request names
     * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} names the client (decision 0038);
     *     empty trusts no one, and the TCP peer is the client
     */
    public record HttpSettings(
            String host,
            int port,
            boolean plainHttp,
            long maxPayloadBytes,
            Optional<URI> publicUrl,
            List<Cidr> trustedProxies) {
        public HttpSettings {
            if (host == null || host.isBlank()) {
                throw invalid("server.host", "must not be empty");
            }
            if (port < 0 || port > 65535) {
                throw invalid("server.port", "must be between 0 and 65535");
            }
            if (maxPayloadBytes < 1024) {
                throw invalid("http.max-payload-bytes", "must be at least 1024");
            }
            publicUrl.ifPresent(HttpSettings::requireBaseUrl);
            trustedProxies = List.copyOf(trustedProxies);
            for (Cidr block : trustedProxies) {
                if (block.prefix() == 0) {
                    throw invalid(
                            "server.trusted-proxies",
                            "must name the proxies' addresses, not " + block + ", which trusts every address to say"
                                    + " whom it forwards for");
                }
            }
        }

        private static void requireBaseUrl(URI url) {
            boolean web = "https".equals(url.getScheme()) || "http".equals(url.getScheme());
            if (!web
                    || url.getHost() == null
                    || url.getRawQuery() != null
                    || url.getRawFragment() != null
                    || url.getRawUserInfo() != null
                    || !(url.getRawPath().isEmpty() || url.getRawPath().equals("/"))) {
                throw invalid(
                        "server.public-url",
                        "must be an http(s) address with a host and nothing after it, such as https://bulwark.example.com");
            }
        }

        /** Whether the listener only accepts connections from this machine. */
        public boolean loopback() {
            return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
        }
    }

    /**
     * The database. An empty URL means the H2 file in the data directory.
     *
     * @param url a JDBC URL, or empty
     * @param username the database user
     * @param password the database password
     * @param poolSize connections in the pool
     */
    public record DatabaseSettings(Optional<String> url, String username, Secret password, int poolSize) {
        public DatabaseSettings {
            if (url.isPresent()
                    && !url.get().startsWith("jdbc:h2:")
                    && !url.get().startsWith("jdbc:postgresql:")) {
                throw invalid("database.url", "must be a jdbc:h2: or jdbc:postgresql: URL");
            }
            if (poolSize < 2 || poolSize > 200) {
                throw invalid("database.pool-size", "must be between 2 and 200");
            }
        }
    }

    /**
     * Password hashing.
     *
     * @param hashIterations PBKDF2 iterations for new hashes; 600,000 by default, lower only in tests
     * @param hashThreads how many hashes may run at once
     */
    public record PasswordSettings(int hashIterations, int hashThreads) {
        public PasswordSettings {
            if (hashIterations < 1_000 || hashIterations > 10_000_000) {
                throw invalid("password.hash-iterations", "must be between 1000 and 10000000");
            }
            if (hashThreads < 1 || hashThreads > 64) {
                throw invalid("password.hash-threads", "must be between 1 and 64");
            }
        }
    }

    /** Lifetimes of access tokens, refresh tokens, sessions and signing keys. */
    public record SessionSettings(
            Duration accessTokenTtl, Duration idleTimeout, Duration absoluteTimeout, Duration signingKeyRotation) {
        public SessionSettings {
            requireBetween("session.access-token-ttl", accessTokenTtl, Duration.ofMinutes(1), Duration.ofHours(1));
            requireBetween("session.idle-timeout", idleTimeout, Duration.ofMinutes(1), Duration.ofDays(1));
            requireBetween("session.absolute-timeout", absoluteTimeout, idleTimeout, Duration.ofDays(30));
            requireBetween(
                    "session.signing-key-rotation", signingKeyRotation, Duration.ofHours(1), Duration.ofDays(365));
        }
    }

    /**
     * The audit trail's signed checkpoints.
     *
     * @param checkpointInterval a checkpoint every this many records
     * @param checkpointPeriod and on the first record after this long without one
     * @param witnessFile where every checkpoint is also appended, outside the data directory (decision 0032)
     */
    public record AuditSettings(int checkpointInterval, Duration checkpointPeriod, Optional<Path> witnessFile) {
        /** Records between two checkpoints unless configured; verifiers assume it where the chain states none. */
        public static final int DEFAULT_CHECKPOINT_INTERVAL = 1_000;

        public AuditSettings {
            if (checkpointInterval < 1 || checkpointInterval > 1_000_000) {
                throw invalid("audit.checkpoint-interval", "must be between 1 and 1000000");
            }
            requireBetween("audit.checkpoint-period", checkpointPeriod, Duration.ofSeconds(1), Duration.ofDays(1));
        }
    }

    /**
     * The credential vault.
     *
     * @param versionsKept secret values kept per entry, the current one included
     * @param trashRetention how long a deleted entry stays restorable before it is destroyed
     * @param revealReasonRequired whether every reveal must give a reason
     * @param rotationBatchSize values re-encrypted per transaction during key rotation
     * @param rotationPause a pause between rotation batches, to leave the database to other work
     * @param maintenanceInterval how often trash purging and expiry reminders run
     */
    public record VaultSettings(
            int versionsKept,
            Duration trashRetention,
            boolean revealReasonRequired,
            int rotationBatchSize,
            Duration rotationPause,
            Duration maintenanceInterval) {
        public VaultSettings {
            if (versionsKept < 1 || versionsKept > 100) {
                throw invalid("vault.versions-kept", "must be between 1 and 100");
            }
            requireBetween("vault.trash-retention", trashRetention, Duration.ofSeconds(1), Duration.ofDays(3650));
            if (rotationBatchSize < 1 || rotationBatchSize > 10_000) {
                throw invalid("vault.rotation-batch-size", "must be between 1 and 10000");
            }
            requireBetween("vault.rotation-pause", rotationPause, Duration.ZERO, Duration.ofMinutes(1));
            requireBetween(
                    "vault.maintenance-interval", maintenanceInterval, Duration.ofSeconds(1), Duration.ofDays(1));
        }
    }

    /**
     * A rate: at most {@code requests} per {@code period}, refilled smoothly. Written {@code 30/1m} in settings.
     *
     * @param requests how many requests a full bucket allows
     * @param period how long an empty bucket takes to fill again
     */
    public record Rate(long requests, Duration period) {
        @Override
        public String toString() {
            return requests + "/" + period;
        }
    }

    /**
     * Request rates per class of endpoint (docs/decisions/0014-rate-limits-and-lockout.md). Over a rate the server
     * answers 429 {@code rate-limited}.
     *
     * @param signInPerIp sign-in attempts from one address
     * @param signInPerAccount sign-in attempts naming one email, known or not
     * @param publicPerIp requests without a bearer token from one address
     * @param apiPerCaller requests with one bearer token
     * @param apiPerIp requests with a bearer token from one address
     * @param cleanupInterval how often buckets kept in PostgreSQL that are full again are deleted
     *     (docs/decisions/0037-rate-limits-across-nodes.md)
     */
    public record RateLimitSettings(
            Rate signInPerIp,
            Rate signInPerAccount,
            Rate publicPerIp,
            Rate apiPerCaller,
            Rate apiPerIp,
            Duration cleanupInterval) {
        public RateLimitSettings {
            requireRate("rate-limits.sign-in-per-ip", signInPerIp);
            requireRate("rate-limits.sign-in-per-account", signInPerAccount);
            requireRate("rate-limits.public-per-ip", publicPerIp);
            requireRate("rate-limits.api-per-caller", apiPerCaller);
            requireRate("rate-limits.api-per-ip", apiPerIp);
            requireBetween("rate-limits.cleanup-interval", cleanupInterval, Duration.ofSeconds(1), Duration.ofDays(1));
        }
    }

    /**
     * Account lockout after consecutive failed sign-ins (PRODUCT §2 "Brute force", ASVS 2.2.1).
     *
     * @param threshold consecutive failures that lock the account
     * @param baseWait the first lock's length; each further failure doubles it
     * @param maxWait the longest lock
     * @param maxFailuresPerHour failed password checks allowed per account in any hour; at most 100
     */
    public record LockoutSettings(int threshold, Duration baseWait, Duration maxWait, int maxFailuresPerHour) {
        public LockoutSettings {
            if (threshold < 1 || threshold > 1000) {
                throw invalid("sign-in.lockout-threshold", "must be between 1 and 1000");
            }
            requireBetween("sign-in.lockout-wait", baseWait, Duration.ofSeconds(1), Duration.ofHours(24));
            requireBetween("sign-in.lockout-max-wait", maxWait, baseWait, Duration.ofHours(24));
            if (maxFailuresPerHour < 1 || maxFailuresPerHour > 100) {
                throw invalid("sign-in.max-failures-per-hour", "must be between 1 and 100 (ASVS 2.2.1)");
            }
        }
    }

    /**
     * The standalone server's TLS certificate: PEM files, both or neither. Neither means the self-signed
     * certificate that {@code init} creates in the data directory.
     *
     * @param certificate the certificate chain, leaf first
     * @param privateKey the leaf's unencrypted private key (PKCS#8, SEC1 or PKCS#1)
     */
    public record TlsSettings(Optional<Path> certificate, Optional<Path> privateKey) {
        public TlsSettings {
            if (certificate.isPresent() != privateKey.isPresent()) {
                throw invalid(
                        certificate.isPresent() ? "tls.private-key" : "tls.certificate",
                        "must be set together with "
                                + (certificate.isPresent() ? "tls.certificate" : "tls.private-key"));
            }
        }

        /** Whether the certificate comes from the settings rather than the data directory. */
        public boolean configured() {
            return certificate.isPresent();
        }
    }

    /**
     * The second factor (PRODUCT §3).
     *
     * @param enabled whether a password sign-in from an address not among the user's known ones needs a second
     *     factor; administrators may change it at run time
     * @param codeTtl how long an email code and its challenge stay valid
     * @param maxTries wrong codes a challenge accepts before it is used up
     * @param resendCooldown the wait between two email codes for one challenge
     */
    public record MfaSettings(boolean enabled, Duration codeTtl, int maxTries, Duration resendCooldown) {
        public MfaSettings {
            requireBetween("mfa.code-ttl", codeTtl, Duration.ofMinutes(1), Duration.ofHours(1));
            if (maxTries < 1 || maxTries > 10) {
                throw invalid("mfa.max-tries", "must be between 1 and 10");
            }
            requireBetween("mfa.resend-cooldown", resendCooldown, Duration.ofSeconds(1), Duration.ofMinutes(10));
        }
    }

    /**
     * Browser sign-ins (OpenID Connect).
     *
     * @param pendingTtl how long a person may take at the provider, from the start to the provider's answer
     * @param codeTtl how long the desktop has to exchange its one-time code
     * @param allowInsecureLoopback development only: providers may be reached over plain http on a loopback IP
     *     literal (127.0.0.0/8, ::1), as a provider running on the same machine for tests; off by default, and
     *     private, link-local and metadata addresses stay refused either way
     */
    public record OidcSettings(Duration pendingTtl, Duration codeTtl, boolean allowInsecureLoopback) {
        public OidcSettings {
            requireBetween("oidc.pending-ttl", pendingTtl, Duration.ofMinutes(1), Duration.ofMinutes(30));
            requireBetween("oidc.code-ttl", codeTtl, Duration.ofSeconds(10), Duration.ofMinutes(5));
        }
    }

    /**
     * The SMTP server (the defaults; administrators may replace them at run time).
     *
     * @param host the host name; empty means no mail is sent
     * @param port the port
     * @param security {@code none}, {@code starttls} or {@code tls}
     * @param username the login, or empty
     * @param password the password, or empty
     * @param from the sender address
     */
    public record MailSettings(String host, int port, String security, String username, Secret password, String from) {
        public MailSettings {
            if (port < 1 || port > 65535) {
                throw invalid("mail.port", "must be between 1 and 65535");
            }
            if (!Set.of("none", "starttls", "tls").contains(security)) {
                throw invalid("mail.security", "must be none, starttls or tls");
            }
            if (!host.isBlank() && !from.contains("@")) {
                throw invalid("mail.from", "must be an email address when mail.host is set");
            }
        }
    }

    /**
     * Scheduled backups (docs/decisions/0030-encrypted-backups.md).
     *
     * @param schedule {@code off}, {@code daily HH:MM} (server time) or {@code every DURATION}
     * @param directory where backups are written; empty means {@code backups} in the data directory
     * @param keep how many backups and/or how old, for example {@code 7}, {@code 30d} or {@code 7, 30d}
     * @param pgDump the {@code pg_dump} that backs up a PostgreSQL database; empty means the newest in {@code
     *     /usr/lib/postgresql/N/bin}, else the one on {@code PATH}; {@code pg_restore} is taken from beside it
     */
    public record BackupSettings(String schedule, Optional<Path> directory, String keep, Optional<Path> pgDump) {
        public BackupSettings {
            try {
                dev.bulwark.server.backup.BackupSchedule.parse(schedule);
            } catch (IllegalArgumentException e) {
                throw invalid("backup.schedule", e.getMessage());
            }
            try {
                dev.bulwark.server.backup.BackupRetention.parse(keep);
            } catch (IllegalArgumentException e) {
                throw invalid("backup.keep", e.getMessage());
            }
        }

        /** The backup directory of a server whose data directory is {@code dataDirectory}. */
        public Path directoryFor(Path dataDirectory) {
            return directory.orElse(dataDirectory.resolve("backups"));
        }
    }

    /**
     * Forwarding the audit trail to SIEM destinations (decision 0034); the destinations themselves are configured
     * at run time by administrators.
     *
     * @param batchSize records sent per batch
     * @param maxBackoff the longest wait between two failed attempts
     * @param maxLag how long a record may wait for delivery before the posture check warns (twelve times that fails)
     * @param allowInsecureLoopback development only: webhooks over plain http to a loopback IP literal
     */
    public record ForwardingSettings(
            int batchSize, Duration maxBackoff, Duration maxLag, boolean allowInsecureLoopback) {
        public ForwardingSettings {
            if (batchSize < 1 || batchSize > 10_000) {
                throw invalid("forwarding.batch-size", "must be between 1 and 10000");
            }
            requireBetween("forwarding.max-backoff", maxBackoff, Duration.ofSeconds(1), Duration.ofHours(1));
            requireBetween("forwarding.max-lag", maxLag, Duration.ofSeconds(10), Duration.ofDays(1));
        }
    }

    /**
     * What nodes sharing one database must agree on.
     *
     * @param reloadInterval how often a node re-reads the keys another node may have changed (signing keys, the
     *     vault's data key set): the bound on how long it lags behind (docs/decisions/0039-keys-and-caches-across-nodes.md)
     */
    public record ClusterSettings(Duration reloadInterval) {
        public ClusterSettings {
            requireBetween("cluster.reload-interval", reloadInterval, Duration.ofMillis(100), Duration.ofSeconds(10));
        }
    }

    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("server.host", "127.0.0.1");
        d.put("server.port", "8443");
        d.put("server.public-url", "");
        d.put("server.trusted-proxies", "");
        d.put("http.max-payload-bytes", "1048576");
        d.put("database.url", "");
        d.put("database.username", "bulwark");
        d.put("database.password", "");
        d.put("database.password-file", "");
        d.put("database.pool-size", "10");
        d.put("password.hash-iterations", "600000");
        d.put("password.hash-threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        d.put("session.access-token-ttl", "10m");
        d.put("session.idle-timeout", "30m");
        d.put("session.absolute-timeout", "12h");
        d.put("session.signing-key-rotation", "30d");
        d.put("setup.code-ttl", "1h");
        d.put("audit.checkpoint-interval", Integer.toString(AuditSettings.DEFAULT_CHECKPOINT_INTERVAL));
        d.put("audit.checkpoint-period", "10m");
        d.put("audit.witness-file", "");
        d.put("rate-limits.sign-in-per-ip", "30/1m");
        d.put("rate-limits.sign-in-per-account", "20/1m");
        d.put("rate-limits.public-per-ip", "300/1m");
        d.put("rate-limits.api-per-caller", "1200/1m");
        d.put("rate-limits.api-per-ip", "2400/1m");
        d.put("rate-limits.cleanup-interval", "10m");
        d.put("sign-in.lockout-threshold", "10");
        d.put("sign-in.lockout-wait", "1m");
        d.put("sign-in.lockout-max-wait", "15m");
        d.put("sign-in.max-failures-per-hour", "100");
        d.put("master-key", "");
        d.put("vault.versions-kept", "10");
        d.put("vault.trash-retention", "30d");
        d.put("vault.reveal-reason-required", "false");
        d.put("vault.rotation-batch-size", "500");
        d.put("vault.rotation-pause", "0ms");
        d.put("vault.maintenance-interval", "1h");
        d.put("tls.certificate", "");
        d.put("tls.private-key", "");
        d.put("mfa.enabled", "true");
        d.put("mfa.code-ttl", "10m");
        d.put("mfa.max-tries", "5");
        d.put("mfa.resend-cooldown", "30s");
        d.put("oidc.pending-ttl", "5m");
        d.put("oidc.code-ttl", "60s");
        d.put("oidc.allow-insecure-loopback", "false");
        d.put("mail.host", "");
        d.put("mail.port", "587");
        d.put("mail.security", "starttls");
        d.put("mail.username", "");
        d.put("mail.password", "");
        d.put("mail.from", "");
        d.put("observability.open-on-loopback", "true");
        d.put("backup.schedule", "daily 02:00");
        d.put("backup.directory", "");
        d.put("backup.keep", "7");
        d.put("backup.pg-dump", "");
        d.put("forwarding.batch-size", "500");
        d.put("forwarding.max-backoff", "5m");
        d.put("forwarding.max-lag", "5m");
        d.put("forwarding.allow-insecure-loopback", "false");
        d.put("cluster.reload-interval", "1s");
        return Map.copyOf(d);
    }

    /**
     * Settings for the server inside the desktop: loopback, an ephemeral port, the H2 file in {@code
     * dataDirectory}; the environment may change anything but the listener.
     */
    public static ServerSettings embedded(Path dataDirectory, Map<String, String> environment) {
        Map<String, String> values = merge(Map.of(), environment);
        values.put("server.host", "127.0.0.1");
        values.put("server.port", "0");
        return from(ServerMode.EMBEDDED, dataDirectory, values, true);
    }

    /**
     * Settings for a standalone server: the YAML file (if any), then the environment, then the command line's
     * explicit values ({@code overrides}, same keys).
     */
    public static ServerSettings standalone(
            Path dataDirectory,
            Optional<Path> configFile,
            Map<String, String> environment,
            Map<String, String> overrides,
            boolean plainHttp) {
        Map<String, String> file = configFile.map(ServerSettings::readYaml).orElse(Map.of());
        Map<String, String> values = merge(file, environment);
        values.putAll(overrides);
        return from(ServerMode.STANDALONE, dataDirectory, values, plainHttp);
    }

    private static Map<String, String> merge(Map<String, String> file, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        values.putAll(file);
        for (String key : DEFAULTS.keySet()) {
            String env = environment.get(environmentName(key));
            if (env != null) {
                values.put(key, env);
            }
        }
        return values;
    }

    /** The environment variable that sets {@code key}. */
    public static String environmentName(String key) {
        return "BULWARK_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> readYaml(Path file) {
        if (!Files.isReadable(file)) {
            throw new StartupException("The settings file " + file + " cannot be read.");
        }
        Config config;
        try {
            config = Config.just(ConfigSources.file(file));
        } catch (RuntimeException e) {
            throw new StartupException("The settings file " + file + " is not valid YAML.", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        config.traverse()
                .filter(Config::isLeaf)
                .forEach(node ->
                        values.put(node.key().toString(), node.asString().orElse("")));
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(DEFAULTS.keySet());
        if (!unknown.isEmpty()) {
            throw new StartupException("The settings file " + file + " has unknown settings: "
                    + String.join(", ", unknown) + ". Known settings: " + String.join(", ", DEFAULTS.keySet()) + ".");
        }
        return values;
    }

    private static ServerSettings from(ServerMode mode, Path dataDirectory, Map<String, String> v, boolean plainHttp) {
        String masterKey = v.get("master-key");
        String dbPassword = databasePassword(v);
        return new ServerSettings(
                mode,
                dataDirectory.toAbsolutePath().normalize(),
                new HttpSettings(
                        v.get("server.host"),
                        integer(v, "server.port"),
                        plainHttp,
                        longValue(v, "http.max-payload-bytes"),
                        publicUrl(v),
                        trustedProxies(v)),
                new DatabaseSettings(
                        Optional.of(v.get("database.url")).filter(s -> !s.isBlank()),
                        v.get("database.username"),
                        Secret.of(dbPassword),
                        integer(v, "database.pool-size")),
                new PasswordSettings(integer(v, "password.hash-iterations"), integer(v, "password.hash-threads")),
                new SessionSettings(
                        duration(v, "session.access-token-ttl"),
                        duration(v, "session.idle-timeout"),
                        duration(v, "session.absolute-timeout"),
                        duration(v, "session.signing-key-rotation")),
                duration(v, "setup.code-ttl"),
                new AuditSettings(
                        integer(v, "audit.checkpoint-interval"),
                        duration(v, "audit.checkpoint-period"),
                        path(v, "audit.witness-file")),
                new RateLimitSettings(
                        rate(v, "rate-limits.sign-in-per-ip"),
                        rate(v, "rate-limits.sign-in-per-account"),
                        rate(v, "rate-limits.public-per-ip"),
                        rate(v, "rate-limits.api-per-caller"),
                        rate(v, "rate-limits.api-per-ip"),
                        duration(v, "rate-limits.cleanup-interval")),
                new LockoutSettings(
                        integer(v, "sign-in.lockout-threshold"),
                        duration(v, "sign-in.lockout-wait"),
                        duration(v, "sign-in.lockout-max-wait"),
                        integer(v, "sign-in.max-failures-per-hour")),
                masterKey.isBlank() ? Optional.empty() : Optional.of(Secret.of(masterKey)),
                new VaultSettings(
                        integer(v, "vault.versions-kept"),
                        duration(v, "vault.trash-retention"),
                        bool(v, "vault.reveal-reason-required"),
                        integer(v, "vault.rotation-batch-size"),
                        duration(v, "vault.rotation-pause"),
                        duration(v, "vault.maintenance-interval")),
                new TlsSettings(path(v, "tls.certificate"), path(v, "tls.private-key")),
                new MfaSettings(
                        bool(v, "mfa.enabled"),
                        duration(v, "mfa.code-ttl"),
                        integer(v, "mfa.max-tries"),
                        duration(v, "mfa.resend-cooldown")),
                new MailSettings(
                        v.get("mail.host").trim(),
                        integer(v, "mail.port"),
                        v.get("mail.security").trim().toLowerCase(Locale.ROOT),
                        v.get("mail.username").trim(),
                        Secret.of(v.get("mail.password")),
                        v.get("mail.from").trim()),
                new OidcSettings(
                        duration(v, "oidc.pending-ttl"),
                        duration(v, "oidc.code-ttl"),
                        bool(v, "oidc.allow-insecure-loopback")),
                bool(v, "observability.open-on-loopback"),
                new BackupSettings(
                        v.get("backup.schedule"),
                        path(v, "backup.directory"),
                        v.get("backup.keep"),
                        path(v, "backup.pg-dump")),
                new ForwardingSettings(
                        integer(v, "forwarding.batch-size"),
                        duration(v, "forwarding.max-backoff"),
                        duration(v, "forwarding.max-lag"),
                        bool(v, "forwarding.allow-insecure-loopback")),
                new ClusterSettings(duration(v, "cluster.reload-interval")));
    }

    private static Optional<Path> path(Map<String, String> v, String key) {
        String text = v.get(key).trim();
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text).toAbsolutePath());
        } catch (RuntimeException e) {
            throw invalid(key, "must be a file path");
        }
    }

    private static Optional<URI> publicUrl(Map<String, String> v) {
        String value = v.get("server.public-url").trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI url = new URI(value);
            return Optional.of(url.getRawPath().isEmpty() ? url.resolve("/") : url);
        } catch (URISyntaxException e) {
            throw invalid("server.public-url", "is not a valid address");
        }
    }

    /**
     * {@code database.password}, or the first line of {@code database.password-file}, so the password need not
     * sit in the environment or the settings file; setting both is refused as ambiguous.
     */
    private static String databasePassword(Map<String, String> v) {
        String password = v.get("database.password");
        String file = v.get("database.password-file").strip();
        if (file.isEmpty()) {
            return password;
        }
        if (!password.isEmpty()) {
            throw invalid(
                    "database.password-file",
                    "cannot be set together with database.password; keep the password in one place");
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            String first = lines.isEmpty() ? "" : lines.getFirst().strip();
            if (first.isEmpty()) {
                throw invalid("database.password-file", "names " + file + ", whose first line is empty");
            }
            return first;
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw invalid("database.password-file", "names " + file + ", which cannot be read");
        }
    }

    private static List<Cidr> trustedProxies(Map<String, String> v) {
        String key = "server.trusted-proxies";
        String value = v.get(key).strip();
        if (value.isEmpty()) {
            return List.of();
        }
        List<Cidr> blocks = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (part.isBlank()) {
                throw invalid(
                        key,
                        "has an empty entry; write address blocks separated by commas, such as"
                                + " 127.0.0.1/32, 10.0.0.0/8, fd00::/8");
            }
            try {
                blocks.add(Cidr.parse(part));
            } catch (IllegalArgumentException e) {
                throw invalid(
                        key,
                        "must list address blocks such as 127.0.0.1/32, 10.0.0.0/8, fd00::/8, but " + e.getMessage());
            }
        }
        return blocks;
    }

    private static int integer(Map<String, String> v, String key) {
        long value = longValue(v, key);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw invalid(key, "is too large");
        }
        return (int) value;
    }

    private static boolean bool(Map<String, String> v, String key) {
        return switch (v.get(key).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(key, "must be true or false");
        };
    }

    private static long longValue(Map<String, String> v, String key) {
        try {
            return Long.parseLong(v.get(key).trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number");
        }
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    static Duration duration(Map<String, String> v, String key) {
        String text = v.get(key).trim();
        Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw invalid(key, "must be a duration such as 30s, 10m, 12h, 30d or PT10M");
        }
    }

    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(.+)");

    static Rate rate(Map<String, String> v, String key) {
        Matcher m = RATE.matcher(v.get(key).trim());
        if (!m.matches() || m.group(1).length() > 9) {
            throw invalid(key, "must be a number of requests per duration such as 30/1m");
        }
        return new Rate(Long.parseLong(m.group(1)), duration(Map.of(key, m.group(2)), key));
    }

    private static void requireRate(String key, Rate rate) {
        if (rate == null || rate.requests() < 1 || rate.requests() > 1_000_000) {
            throw invalid(key, "must allow between 1 and 1000000 requests");
        }
        requireBetween(key, rate.period(), Duration.ofSeconds(1), Duration.ofDays(1));
    }

    private static void requireBetween(String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
    }

    private static StartupException invalid(String key, String problem) {
        return new StartupException("The setting " + key + " (" + environmentName(key) + ") " + problem + ".");
    }

    /** The keys this server understands, for documentation and error messages. */
    public static List<String> keys() {
        return List.copyOf(DEFAULTS.keySet());
    }
}
