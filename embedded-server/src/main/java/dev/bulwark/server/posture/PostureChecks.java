package dev.bulwark.server.posture;

import static dev.bulwark.model.posture.PostureStatus.FAIL;
import static dev.bulwark.model.posture.PostureStatus.PASS;
import static dev.bulwark.model.posture.PostureStatus.WARN;

import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureReport;
import dev.bulwark.model.posture.PostureStatus;
import dev.bulwark.model.server.ServerMode;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.backup.BackupPosture;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.crypto.OwnerOnlyFiles;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.forward.ForwardPosture;
import dev.bulwark.server.tls.ServerCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Collectors;

/**
 * The posture checks of PRODUCT §7, run against a server's settings, data directory and database. The live
 * server runs them for {@code GET /api/v1/posture}; {@code bulwark-server doctor} runs them on a stopped
 * server's data directory. No check reveals a secret: a finding names a setting, a file or an account, never a
 * value.
 */
public final class PostureChecks {
    /** The PBKDF2 iterations OWASP recommends for PBKDF2-HMAC-SHA256 (2023). */
    static final int RECOMMENDED_ITERATIONS = 600_000;
    /** Below this a stolen hash falls to a single GPU in hours: a failure, not a warning. */
    static final int MINIMUM_ITERATIONS = 100_000;
    /** An API token unused this long, or an administrator not signed in this long, is stale. */
    static final Duration STALE = Duration.ofDays(90);
    /** An API token valid longer than this is long-lived. */
    static final Duration LONG_LIVED_TOKEN = Duration.ofDays(365);
    /** A certificate expiring sooner than this deserves attention. */
    static final Duration CERTIFICATE_WARNING = Duration.ofDays(30);
    /** The audit trail should be verified at least this often. */
    static final Duration AUDIT_VERIFY_PERIOD = Duration.ofDays(7);
    /** Signing keys should rotate at least this often. */
    static final Duration SIGNING_KEY_ROTATION_LIMIT = Duration.ofDays(90);
    /** No correct clock reads earlier than the release this code belongs to. */
    static final Instant RELEASED = Instant.parse("2026-11-01T00:00:00Z");

    private final ServerSettings settings;
    private final Transactions tx;
    private final PostureRepository repository = new PostureRepository();
    private final Supplier<Level> logLevel;
    private final Clock clock;
    private final BackupPosture backupPosture;
    private final ForwardPosture forwardPosture;

    /**
     * @param settings the settings the server runs (or would run) with
     * @param tx the server's database
     * @param logLevel the level the server logs at
     * @param clock the server's clock
     */
    public PostureChecks(ServerSettings settings, Transactions tx, Supplier<Level> logLevel, Clock clock) {
        this.settings = settings;
        this.tx = tx;
        this.logLevel = logLevel;
        this.clock = clock;
        this.backupPosture = new BackupPosture(settings);
        this.forwardPosture = new ForwardPosture(settings.forwarding().maxLag());
    }

    /** Runs every check now, in the order PRODUCT §7 lists them. */
    public PostureReport run() {
        Instant now = clock.instant();
        Facts facts = tx.read(c -> new Facts(
                repository.setupCompletedAt(c),
                repository.enabledAdmins(c),
                repository.currentSigningKeyCreatedAt(c),
                repository.activeTokens(c, now),
                repository.lastVerification(c),
                repository.newestAuditRecordAt(c),
                repository.savedSignInSetting(c)));
        List<PostureCheck> checks = new ArrayList<>();
        checks.add(masterKey());
        checks.add(tls(now));
        checks.add(bindAddress());
        checks.add(firstAdmin(facts));
        checks.add(mfa(facts));
        checks.add(oauthRedirects());
        checks.add(hashIterations());
        checks.add(databaseCredentials());
        checks.add(debugLogging());
        checks.add(signingKeyAge(facts, now));
        checks.add(apiTokens(facts, now));
        checks.add(inactiveAdmins(facts, now));
        checks.add(auditVerified(facts, now));
        checks.add(lastBackup());
        checks.add(lastRestoreTest());
        checks.add(forwarding(now));
        checks.add(clockSanity(facts, now));
        return PostureReport.of(now, checks);
    }

    private record Facts(
            Optional<Instant> setupCompletedAt,
            List<PostureRepository.Admin> admins,
            Optional<Instant> signingKeyCreatedAt,
            List<PostureRepository.ActiveToken> tokens,
            Optional<PostureRepository.Verification> lastVerification,
            Optional<Instant> newestAuditRecordAt,
            Optional<PostureRepository.SavedSignInSetting> savedSignInSetting) {}

    private static PostureCheck check(
            String id, PostureStatus status, String title, String detail, String why, String fix) {
        return new PostureCheck(id, status, title, detail, why, status == PASS ? "" : fix);
    }

    private PostureCheck masterKey() {
        String id = "master-key";
        String title = "Master key source and file permissions";
        String why = "The master key unlocks every stored secret and signing key. Whoever reads it and a copy of the"
                + " database reads the vault.";
        if (settings.masterKey().isPresent()) {
            return check(id, PASS, title, "The master key comes from BULWARK_MASTER_KEY, not from a file.", why, "");
        }
        Path file = settings.dataDirectory().resolve(MasterKey.FILE_NAME);
        if (Files.notExists(file)) {
            return check(
                    id,
                    FAIL,
                    title,
                    "There is no master key file at " + file + " and BULWARK_MASTER_KEY is not set.",
                    why,
                    "Restore the key file from where it was kept safe, or set BULWARK_MASTER_KEY.");
        }
        OwnerOnlyFiles.Access access;
        try {
            access = OwnerOnlyFiles.accessOf(file);
        } catch (IOException e) {
            return check(
                    id,
                    FAIL,
                    title,
                    "The permissions of " + file + " cannot be read.",
                    why,
                    "Make the file readable by the server's user only: chmod 600 " + file);
        }
        return switch (access) {
            case SHARED ->
                check(
                        id,
                        FAIL,
                        title,
                        "The master key file " + file + " can be read by other users; the server refuses to start.",
                        why,
                        "Run: chmod 600 " + file);
            case UNKNOWN ->
                check(
                        id,
                        WARN,
                        title,
                        "The master key is in " + file + " on a file system whose permissions this check cannot read.",
                        why,
                        "Make sure only the server's account can read the file, or set BULWARK_MASTER_KEY.");
            case OWNER_ONLY ->
                settings.mode() == ServerMode.EMBEDDED
                        ? check(
                                id,
                                PASS,
                                title,
                                "The master key is in " + file + ", readable by its owner only.",
                                why,
                                "")
                        : check(
                                id,
                                WARN,
                                title,
                                "The master key is in " + file + " (owner-only), next to the database it protects:"
                                        + " a copy of the data directory holds both.",
                                why,
                                "Keep the key in a secret store and pass it as BULWARK_MASTER_KEY (32 random bytes"
                                        + " in Base64), then remove the file from the data directory.");
        };
    }

    private PostureCheck tls(Instant now) {
        String id = "tls";
        String title = "TLS";
        String why = "Without TLS, passwords, tokens and revealed secrets cross the network readable by anyone on the"
                + " path.";
        if (settings.mode() == ServerMode.EMBEDDED) {
            return check(
                    id,
                    PASS,
                    title,
                    "The console's own server answers on 127.0.0.1 only; nothing leaves this computer.",
                    why,
                    "");
        }
        if (settings.http().plainHttp()) {
            return check(
                    id,
                    WARN,
                    title,
                    "The server serves plain HTTP (--plain-http) on "
                            + settings.http().host() + ".",
                    why,
                    "Start it without --plain-http: it then serves TLS 1.3/1.2 with the configured or self-signed"
                            + " certificate.");
        }
        ServerCertificate certificate;
        try {
            certificate = ServerCertificate.load(settings);
        } catch (StartupException e) {
            return check(
                    id,
                    FAIL,
                    title,
                    e.getMessage(),
                    why,
                    "Run bulwark-server init to create a self-signed certificate, or set tls.certificate and"
                            + " tls.private-key to PEM files.");
        }
        Instant notAfter = certificate.leaf().getNotAfter().toInstant();
        String kind = certificate.selfSigned() ? "self-signed certificate" : "certificate";
        String fix = "Renew the certificate (a self-signed one: delete " + ServerCertificate.CERTIFICATE_FILE + " and "
                + ServerCertificate.KEY_FILE + " and run init again; clients then re-pin it).";
        if (!notAfter.isAfter(now)) {
            return check(id, FAIL, title, "The " + kind + " expired on " + day(notAfter) + ".", why, fix);
        }
        if (notAfter.isBefore(now.plus(CERTIFICATE_WARNING))) {
            return check(id, WARN, title, "The " + kind + " expires on " + day(notAfter) + ".", why, fix);
        }
        return check(
                id,
                PASS,
                title,
                "TLS 1.3/1.2 with the " + kind + " " + certificate.file() + ", valid until " + day(notAfter)
                        + ", SHA-256 " + certificate.fingerprint() + "."
                        + (certificate.selfSigned() ? " Consoles pin this fingerprint at first connect." : ""),
                why,
                "");
    }

    private PostureCheck bindAddress() {
        String id = "bind-address";
        String title = "Bind address";
        String why = "Every interface the server listens on is a way in; listen only where administrators connect"
                + " from.";
        String host = settings.http().host();
        if (settings.http().loopback()) {
            return check(id, PASS, title, "The server listens on " + host + " (this machine only).", why, "");
        }
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return check(
                    id,
                    WARN,
                    title,
                    "The server listens on every network interface (" + host + ").",
                    why,
                    "Set server.host (BULWARK_SERVER_HOST or --host) to the one address administrators use, or to"
                            + " 127.0.0.1 behind a reverse proxy.");
        }
        return check(id, PASS, title, "The server listens on " + host + " only.", why, "");
    }

    private PostureCheck firstAdmin(Facts facts) {
        String id = "first-admin";
        String title = "First administrator created properly";
        String why = "Until the first administrator exists, whoever holds the setup code can take the server over;"
                + " without an enabled administrator nobody can manage it.";
        if (facts.setupCompletedAt().isEmpty()) {
            return check(
                    id,
                    WARN,
                    title,
                    "Setup is not complete: there is no administrator yet.",
                    why,
                    "Create the first administrator now: connect the desktop and enter the setup code from"
                            + " bulwark-server init, or run init with --admin-email and --admin-password-file.");
        }
        if (facts.admins().isEmpty()) {
            return check(
                    id,
                    FAIL,
                    title,
                    "Setup was completed on " + day(facts.setupCompletedAt().get())
                            + ", but no enabled administrator remains.",
                    why,
                    "Enable an administrator account, or promote a trusted user to administrator.");
        }
        return check(
                id,
                PASS,
                title,
                "Setup was completed on " + day(facts.setupCompletedAt().get()) + " with a one-time setup code and no"
                        + " default password; " + count(facts.admins().size(), "enabled administrator") + ".",
                why,
                "");
    }

    /**
     * MFA on, and every administrator with a second factor that works: an authenticator app, or email codes when
     * mail is set up. Without either, an administrator's sign-in from a new address goes ahead on the password.
     */
    PostureCheck mfa(Facts facts) {
        String id = "mfa";
        String title = "Multi-factor sign-in for administrators";
        String why = "A stolen or guessed password alone must not be enough to administer the server.";
        boolean enabled = facts.savedSignInSetting()
                .map(PostureRepository.SavedSignInSetting::mfaEnabled)
                .orElse(settings.mfa().enabled());
        boolean mail = facts.savedSignInSetting()
                .map(PostureRepository.SavedSignInSetting::mailConfigured)
                .orElse(!settings.mail().host().isBlank());
        if (!enabled) {
            return check(
                    id,
                    FAIL,
                    title,
                    "MFA is off: a password alone signs anyone in from any address.",
                    why,
                    "Turn MFA on in Settings → Sign-in (or mfa.enabled: true) and enrol every administrator.");
        }
        List<String> withoutApp = facts.admins().stream()
                .filter(a -> !a.authenticatorEnrolled())
                .map(PostureRepository.Admin::email)
                .toList();
        if (withoutApp.isEmpty()) {
            return check(id, PASS, title, "MFA is on and every administrator has an authenticator app.", why, "");
        }
        if (!mail) {
            return check(
                    id,
                    WARN,
                    title,
                    "MFA is on, but mail is not set up and " + count(withoutApp.size(), "administrator")
                            + " (" + String.join(", ", withoutApp) + ") "
                            + (withoutApp.size() == 1 ? "has" : "have")
                            + " no authenticator app, so their sign-ins from new addresses need only the password.",
                    why,
                    "Set up mail in Settings → Sign-in, and have each administrator enrol an authenticator app in My"
                            + " account → MFA.");
        }
        return check(
                id,
                WARN,
                title,
                "MFA is on; " + count(withoutApp.size(), "administrator") + " (" + String.join(", ", withoutApp)
                        + ") " + (withoutApp.size() == 1 ? "relies" : "rely")
                        + " on email codes, which anyone who can read their mailbox can use.",
                why,
                "Have each administrator enrol an authenticator app in My account → MFA.");
    }

    /**
     * Every configured sign-in provider's redirect URI (where the provider sends the authorization code) must be
     * https, or plain http on loopback in the desktop bundle, where the code never leaves the computer.
     */
    PostureCheck oauthRedirects() {
        String id = "oauth-redirect";
        String title = "OAuth redirects over HTTPS";
        String why = "An authorization code sent over plain HTTP can be intercepted and exchanged for a session.";
        List<String> providers = tx.read(repository::providerSlugs);
        if (providers.isEmpty()) {
            return check(
                    id,
                    PASS,
                    title,
                    "No OAuth/OpenID Connect provider is configured on this server, so no redirect can leak a code.",
                    why,
                    "");
        }
        String base = settings.http()
                .publicUrl()
                .map(url -> url.resolve("/").toString())
                .orElse((settings.http().plainHttp() ? "http://" : "https://")
                        + settings.http().host() + "/");
        boolean https = base.toLowerCase(Locale.ROOT).startsWith("https://");
        boolean bundleLoopback =
                settings.mode() == ServerMode.EMBEDDED && settings.http().loopback();
        String example = base + "api/v1/auth/oidc/" + providers.getFirst() + "/callback";
        if (https || bundleLoopback) {
            return check(
                    id,
                    PASS,
                    title,
                    count(providers.size(), "provider") + " (" + summary(providers) + ") "
                            + (providers.size() == 1 ? "redirects" : "redirect") + " to "
                            + (https ? "https" : "this computer only") + ", for example " + example + ".",
                    why,
                    "");
        }
        return check(
                id,
                FAIL,
                title,
                count(providers.size(), "provider") + " (" + summary(providers) + ") "
                        + (providers.size() == 1 ? "redirects" : "redirect") + " over plain HTTP, for example "
                        + example + ".",
                why,
                "Serve TLS (start without --plain-http), or set server.public-url to the https:// address of the"
                        + " reverse proxy in front of the server, and register that redirect URI with the provider.");
    }

    private PostureCheck hashIterations() {
        int iterations = settings.passwords().hashIterations();
        String why = "Fewer PBKDF2 iterations make every stolen password hash cheaper to crack.";
        String fix = "Set password.hash-iterations (BULWARK_PASSWORD_HASH_ITERATIONS) to at least "
                + String.format(Locale.ROOT, "%,d", RECOMMENDED_ITERATIONS)
                + "; existing hashes are upgraded at each user's next sign-in.";
        String detail = "New password hashes use " + String.format(Locale.ROOT, "%,d", iterations)
                + " PBKDF2-HMAC-SHA256 iterations.";
        PostureStatus status =
                iterations >= RECOMMENDED_ITERATIONS ? PASS : iterations >= MINIMUM_ITERATIONS ? WARN : FAIL;
        return check("hash-iterations", status, "Password hash iterations", detail, why, fix);
    }

    private PostureCheck databaseCredentials() {
        String id = "database-credentials";
        String title = "Database credentials";
        String why = "Whoever can open the database reads user hashes, sessions and the encrypted vault, and can try"
                + " to change the audit trail.";
        ServerSettings.DatabaseSettings db = settings.database();
        if (db.url().isEmpty()) {
            try {
                if (OwnerOnlyFiles.accessOf(settings.dataDirectory()) == OwnerOnlyFiles.Access.SHARED) {
                    return check(
                            id,
                            WARN,
                            title,
                            "The H2 database file is in " + settings.dataDirectory() + ", which other users may open.",
                            why,
                            "Run: chmod 700 " + settings.dataDirectory());
                }
            } catch (IOException e) {
                // reported as the pass below would mislead: say what could not be checked
                return check(
                        id,
                        WARN,
                        title,
                        "The permissions of " + settings.dataDirectory() + " cannot be read.",
                        why,
                        "Make the data directory accessible to the server's user only: chmod 700.");
            }
            return check(
                    id,
                    PASS,
                    title,
                    "The H2 database file lives in the owner-only data directory; it takes no network credentials.",
                    why,
                    "");
        }
        String url = db.url().get();
        if (!url.startsWith("jdbc:postgresql:")) {
            return check(id, PASS, title, "The database is H2 at a configured URL.", why, "");
        }
        List<String> problems = new ArrayList<>();
        PostureStatus status = PASS;
        String password = db.password().reveal();
        if (password.isEmpty()) {
            problems.add("no database password is set");
            status = FAIL;
        } else if (password.length() < 16 || password.equalsIgnoreCase(db.username())) {
            problems.add("the database password is short or equals the user name");
            status = WARN;
        }
        if (db.username().equalsIgnoreCase("postgres")) {
            problems.add("the server connects as the superuser postgres");
            status = status == FAIL ? FAIL : WARN;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        boolean local = lower.contains("//localhost") || lower.contains("//127.") || lower.contains("//[::1]");
        if (!local
                && !(lower.contains("sslmode=verify-full")
                        || lower.contains("sslmode=require")
                        || lower.contains("sslmode=verify-ca"))) {
            problems.add("the connection to a remote database does not require TLS (sslmode)");
            status = status == FAIL ? FAIL : WARN;
        }
        if (problems.isEmpty()) {
            return check(
                    id,
                    PASS,
                    title,
                    "PostgreSQL as user " + db.username() + " with a password" + (local ? "" : " over TLS") + ".",
                    why,
                    "");
        }
        return check(
                id,
                status,
                title,
                "PostgreSQL: " + String.join("; ", problems) + ".",
                why,
                "Give the server its own database role with a long random password (BULWARK_DATABASE_PASSWORD),"
                        + " and add sslmode=verify-full to database.url for a remote database.");
    }

    private PostureCheck debugLogging() {
        Level level = logLevel.get();
        boolean debug = level != null && level.intValue() < Level.INFO.intValue();
        return check(
                "debug-logging",
                debug ? WARN : PASS,
                "Debug logging off",
                "The server logs at " + (level == null ? "the default level" : level.getName()) + ".",
                "Debug logs record request details that help an attacker and fill the disk.",
                "Unset BULWARK_LOG_LEVEL or set it to INFO, and restart the server.");
    }

    private PostureCheck signingKeyAge(Facts facts, Instant now) {
        String id = "signing-key-age";
        String title = "Token signing key age";
        String why = "A signing key that never changes gives a leaked key unlimited use: every token it signs is"
                + " accepted.";
        Duration rotation = settings.sessions().signingKeyRotation();
        String fix = "Set session.signing-key-rotation (BULWARK_SESSION_SIGNING_KEY_ROTATION) to 30d or less;"
                + " the server replaces the key when it is older.";
        if (facts.signingKeyCreatedAt().isEmpty()) {
            return check(id, WARN, title, "There is no current signing key yet.", why, "Start the server once.");
        }
        Duration age = Duration.between(facts.signingKeyCreatedAt().get(), now);
        String detail = "The current signing key is " + days(age) + " old; keys rotate every " + days(rotation) + ".";
        if (age.compareTo(rotation.multipliedBy(2)) > 0) {
            return check(id, FAIL, title, detail + " Rotation has not happened.", why, fix);
        }
        if (age.compareTo(rotation.plusHours(1)) > 0 || rotation.compareTo(SIGNING_KEY_ROTATION_LIMIT) > 0) {
            return check(id, WARN, title, detail, why, fix);
        }
        return check(id, PASS, title, detail, why, "");
    }

    private PostureCheck apiTokens(Facts facts, Instant now) {
        String id = "api-tokens";
        String title = "API tokens without expiry or stale";
        String why = "A token that lives long or lies unused is a credential nobody watches; leaked, it works until"
                + " it expires.";
        List<String> findings = new ArrayList<>();
        for (PostureRepository.ActiveToken token : facts.tokens()) {
            Instant lastActivity = token.lastUsedAt() == null ? token.createdAt() : token.lastUsedAt();
            if (Duration.between(token.createdAt(), token.expiresAt()).compareTo(LONG_LIVED_TOKEN) > 0) {
                findings.add("\"" + token.name() + "\" of " + token.ownerEmail() + " is valid until "
                        + day(token.expiresAt()));
            } else if (Duration.between(lastActivity, now).compareTo(STALE) > 0) {
                findings.add("\"" + token.name() + "\" of " + token.ownerEmail() + " has not been used since "
                        + day(lastActivity));
            }
        }
        if (findings.isEmpty()) {
            return check(
                    id,
                    PASS,
                    title,
                    facts.tokens().isEmpty()
                            ? "There are no active API tokens."
                            : count(facts.tokens().size(), "active API token")
                                    + "; every one expires within a year and was used in the last 90 days.",
                    why,
                    "");
        }
        return check(
                id,
                WARN,
                title,
                count(findings.size(), "API token") + " to review: " + summary(findings) + ".",
                why,
                "Revoke tokens nobody uses (Users > tokens, or My account > API tokens) and create new ones with an"
                        + " expiry of a year or less.");
    }

    private PostureCheck inactiveAdmins(Facts facts, Instant now) {
        List<String> inactive = facts.admins().stream()
                .filter(a -> Duration.between(a.lastLoginAt() == null ? a.createdAt() : a.lastLoginAt(), now)
                                .compareTo(STALE)
                        > 0)
                .map(PostureRepository.Admin::email)
                .collect(Collectors.toList());
        String why = "An administrator account nobody uses is a full-power credential nobody would miss if it were"
                + " taken over.";
        if (inactive.isEmpty()) {
            return check(
                    "inactive-admins",
                    PASS,
                    "Inactive administrators",
                    "Every enabled administrator signed in within the last 90 days.",
                    why,
                    "");
        }
        return check(
                "inactive-admins",
                WARN,
                "Inactive administrators",
                count(inactive.size(), "administrator") + " not signed in for 90 days: " + summary(inactive) + ".",
                why,
                "Disable the accounts (Users > Disable) or lower their role; enable them again when needed.");
    }

    private PostureCheck auditVerified(Facts facts, Instant now) {
        String id = "audit-verified";
        String title = "Audit chain verified recently";
        String why = "Only a verification proves that no audit record was changed or removed; tampering found late"
                + " is hard to investigate.";
        String fix = "Verify now: Audit > Verify in the console, POST /api/v1/audit/verify, or bulwark-server"
                + " verify-audit on a stopped server; schedule it at least weekly.";
        if (facts.lastVerification().isEmpty()) {
            return check(id, WARN, title, "The audit chain has never been verified.", why, fix);
        }
        PostureRepository.Verification last = facts.lastVerification().get();
        if (!last.intact()) {
            return check(
                    id,
                    FAIL,
                    title,
                    "The last verification, on " + day(last.at()) + ", found the chain BROKEN.",
                    why,
                    "Investigate at once: compare with the last export and signed checkpoints (verify-export), then"
                            + " verify again.");
        }
        Duration age = Duration.between(last.at(), now);
        if (age.compareTo(AUDIT_VERIFY_PERIOD) > 0) {
            return check(
                    id,
                    WARN,
                    title,
                    "The chain was last verified intact on " + day(last.at()) + ", " + days(age) + " ago.",
                    why,
                    fix);
        }
        return check(id, PASS, title, "The chain was verified intact on " + day(last.at()) + ".", why, "");
    }

    /** The newest backup, against the schedule; a failed attempt since then fails the check. */
    PostureCheck forwarding(Instant now) {
        return tx.read(c -> forwardPosture.check(c, now));
    }

    PostureCheck lastBackup() {
        Instant now = clock.instant();
        return tx.read(c -> backupPosture.lastBackup(c, now));
    }

    /** The newest restore test: passed, and of a recent backup. */
    PostureCheck lastRestoreTest() {
        Instant now = clock.instant();
        return tx.read(c -> backupPosture.lastRestoreTest(c, now));
    }

    private PostureCheck clockSanity(Facts facts, Instant now) {
        String id = "clock";
        String title = "Clock";
        String why = "Token expiry, sessions, lockouts and the audit trail's times all depend on the clock; a wrong"
                + " one lets tokens live too long or logs lie.";
        String fix = "Synchronise the clock with NTP (timedatectl set-ntp true) and restart the server.";
        if (now.isBefore(RELEASED)) {
            return check(
                    id,
                    FAIL,
                    title,
                    "The server's clock reads " + now.truncatedTo(ChronoUnit.SECONDS)
                            + ", before this release was made (" + day(RELEASED) + ").",
                    why,
                    fix);
        }
        Optional<Instant> newest = facts.newestAuditRecordAt();
        if (newest.isPresent() && newest.get().isAfter(now.plus(Duration.ofMinutes(1)))) {
            return check(
                    id,
                    FAIL,
                    title,
                    "The server's clock reads " + now.truncatedTo(ChronoUnit.SECONDS) + ", earlier than the newest"
                            + " audit record (" + newest.get().truncatedTo(ChronoUnit.SECONDS)
                            + "): the clock went back.",
                    why,
                    fix);
        }
        return check(
                id,
                PASS,
                title,
                "The server's clock reads " + now.truncatedTo(ChronoUnit.SECONDS) + ": after this release ("
                        + day(RELEASED) + ")"
                        + newest.map(n -> " and after the newest audit record").orElse("")
                        + ". It was not compared with an outside time source.",
                why,
                "");
    }

    private static String day(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    }

    private static String days(Duration duration) {
        long days = duration.toDays();
        return days >= 1 ? count(days, "day") : count(Math.max(0, duration.toHours()), "hour");
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String summary(List<String> items) {
        return items.size() <= 3
                ? String.join(", ", items)
                : String.join(", ", items.subList(0, 3)) + " and " + (items.size() - 3) + " more";
    }
}
