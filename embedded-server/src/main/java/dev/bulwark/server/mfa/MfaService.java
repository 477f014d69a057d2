package dev.bulwark.server.mfa;

import com.google.crypto.tink.Aead;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.auth.MfaEmailRequest;
import dev.bulwark.model.auth.MfaEmailSent;
import dev.bulwark.model.auth.MfaMethod;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.AccountLockout;
import dev.bulwark.server.auth.FirstFactor;
import dev.bulwark.server.auth.SecondFactor;
import dev.bulwark.server.crypto.Digests;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.RateLimits;
import dev.bulwark.server.mail.Mail;
import dev.bulwark.server.mail.Mailer;
import dev.bulwark.server.user.UserAccount;
import dev.bulwark.server.user.UserRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The second factor of a password sign-in from a new address (PRODUCT §3): challenges, email codes, authenticator
 * and recovery codes, known addresses and new-address alerts.
 *
 * <p>Security guarantees: the client holds only the challenge id; the server keeps its SHA-256, and an email code
 * only as SHA-256 of (challenge id, code), so the database alone cannot reproduce either. A challenge is bound to
 * the user and the address the password came from, lives {@code mfa.code-ttl}, completes once, and is used up
 * after {@code mfa.max-tries} wrong codes. An authenticator code is accepted at most once (its step is stored); a
 * recovery code once. Every challenge, code sent, success and refusal is audited without any code; attempts count
 * against the sign-in rate limits of the address and the account.
 */
public final class MfaService implements SecondFactor {
    private static final System.Logger LOG = System.getLogger(MfaService.class.getName());
    private static final int CHALLENGE_BYTES = 32;
    private static final int MAX_CODE_CHARS = 64;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Transactions tx;
    private final JdbcMfaRepository repository;
    private final UserRepository users;
    private final SignInSettingsService settings;
    private final TotpSecrets totpSecrets;
    private final Totp totp;
    private final AuditTrail audit;
    private final RateLimits rateLimits;
    private final Mailer mailer;
    private final ServerSettings.MfaSettings limits;
    private final AccountLockout lockout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    MfaService(
            Transactions tx,
            JdbcMfaRepository repository,
            UserRepository users,
            SignInSettingsService settings,
            TotpSecrets totpSecrets,
            Totp totp,
            AuditTrail audit,
            RateLimits rateLimits,
            Mailer mailer,
            ServerSettings.MfaSettings limits,
            AccountLockout lockout,
            Clock clock) {
        this.tx = tx;
        this.lockout = lockout;
        this.repository = repository;
        this.users = users;
        this.settings = settings;
        this.totpSecrets = totpSecrets;
        this.totp = totp;
        this.audit = audit;
        this.rateLimits = rateLimits;
        this.mailer = mailer;
        this.limits = limits;
        this.clock = clock;
    }

    /** Builds the second factor's services over the server's key set. */
    public static Parts create(
            Transactions tx,
            UserRepository users,
            Aead aead,
            ServerSettings serverSettings,
            dev.bulwark.server.permission.Authorizer authorizer,
            dev.bulwark.server.crypto.PasswordHasher hasher,
            AuditTrail audit,
            RateLimits rateLimits,
            AccountLockout lockout,
            Clock clock) {
        JdbcMfaRepository repository = new JdbcMfaRepository();
        Mailer mailer = new Mailer(clock);
        SignInSettingsService settings =
                new SignInSettingsService(tx, repository, aead, serverSettings, authorizer, audit, mailer, clock);
        TotpSecrets secrets = new TotpSecrets(aead);
        Totp totp = new Totp();
        MfaService mfa = new MfaService(
                tx,
                repository,
                users,
                settings,
                secrets,
                totp,
                audit,
                rateLimits,
                mailer,
                serverSettings.mfa(),
                lockout,
                clock);
        MfaAccountService accounts = new MfaAccountService(
                tx, repository, users, settings, secrets, totp, hasher, authorizer, audit, lockout, clock);
        return new Parts(mfa, accounts, settings);
    }

    /** The services of the second factor, for the composition root. */
    public record Parts(MfaService mfa, MfaAccountService accounts, SignInSettingsService settings) {}

    @Override
    public Optional<Pending> check(Connection c, User user, FirstFactor first, ClientInfo client, Instant now)
            throws SQLException {
        SignInSettingsService.Effective effective = settings.effective(c);
        if (!effective.mfaEnabled()) {
            return Optional.empty();
        }
        // A trusted proxy's own address stands for whoever sent through it, so it is never a known address, even
        // one remembered before the proxy was trusted (decision 0038).
        if (!client.ipIsTrustedProxy()
                && repository.knownIp(c, user.id(), client.ip()).isPresent()) {
            repository.rememberIp(c, user.id(), client.ip(), now);
            return Optional.empty();
        }
        boolean totpEnrolled =
                repository.totp(c, user.id()).map(t -> t.confirmedAt() != null).orElse(false);
        boolean emailAvailable = effective.smtp().configured();
        List<MfaMethod> methods = new ArrayList<>();
        if (totpEnrolled) {
            methods.add(MfaMethod.TOTP);
        }
        if (emailAvailable) {
            methods.add(MfaMethod.EMAIL);
        }
        if (totpEnrolled && repository.recoveryCodesLeft(c, user.id()) > 0) {
            methods.add(MfaMethod.RECOVERY);
        }
        if (methods.isEmpty()) {
            audit.record(
                    c,
                    AuditRecord.of(AuditAction.AUTH_MFA_SKIPPED, AuditOutcome.SUCCESS)
                            .actor(user)
                            .authMethod(first.auditMethod())
                            .from(client)
                            .target("user", user.id(), user.email())
                            .reason("No second factor is available: mail is not configured and the user has no"
                                    + " authenticator. The address stays unknown."));
            // Not remembered: the address was never proven by a second factor, so once a method exists the next
            // sign-in from it asks for one (decision 0029).
            return Optional.empty();
        }
        Secret challengeId = newChallengeId();
        String idHash = Digests.sha256Hex(challengeId.reveal());
        Instant expiresAt = now.plus(limits.codeTtl());
        repository.insertChallenge(c, idHash, user.id(), first, client.ip(), now, expiresAt);
        Secret code = null;
        if (!totpEnrolled) {
            code = newEmailCode();
            repository.setEmailCode(c, idHash, emailCodeHash(challengeId, code), now, expiresAt);
            audit.record(c, codeSent(user, client, first));
        }
        audit.record(
                c,
                AuditRecord.of(AuditAction.AUTH_MFA_CHALLENGE, AuditOutcome.SUCCESS)
                        .actor(user)
                        .authMethod(first.auditMethod())
                        .from(client)
                        .target("user", user.id(), user.email())
                        .reason("Sign-in from an address not known for this user; second factor asked: "
                                + methods.stream().map(Enum::name).collect(Collectors.joining(", ")) + "."));
        Secret mailed = code;
        MfaChallenge challenge = new MfaChallenge(true, challengeId, methods, expiresAt, code != null);
        Runnable afterCommit = mailed == null
                ? () -> {}
                : () -> {
                    try {
                        mailer.send(effective.smtp(), codeMail(user.email(), mailed, client.ip(), now));
                    } catch (ApiException e) {
                        // the person asks for a new code; the failure is logged by the mailer
                    }
                };
        return Optional.of(new Pending(challenge, afterCommit));
    }

    /**
     * Mails a new code for a pending challenge; the previous code stops working.
     *
     * @throws ApiException {@code mfa-challenge-invalid} for an unusable challenge, {@code rate-limited} within
     *     the cooldown, {@code mail-unavailable} when mail is not configured or fails
     */
    public MfaEmailSent sendEmailCode(MfaEmailRequest request, ClientInfo client) {
        if (request.challengeId() == null || request.challengeId().length() > MAX_CODE_CHARS) {
            throw ApiException.invalid("challengeId", "A challenge id is required.");
        }
        Secret challengeId = request.challengeId();
        String idHash = Digests.sha256Hex(challengeId.reveal());
        rateLimits.checkSignIn(client, "mfa:" + idHash);
        SignInSettingsService.Effective effective = settings.effective();
        Instant now = clock.instant();
        Secret code = newEmailCode();
        record Sent(User user, String refusal, Instant nextSendAt, Instant expiresAt) {}
        Sent sent = tx.write(c -> {
            Optional<JdbcMfaRepository.StoredChallenge> found = repository.lockChallenge(c, idHash);
            if (found.isEmpty()) {
                return new Sent(null, "The challenge is not known.", null, null);
            }
            JdbcMfaRepository.StoredChallenge ch = found.get();
            User user = users.findById(c, ch.userId()).map(UserAccount::user).orElse(null);
            String refusal = unusable(ch, user, client, now);
            if (refusal != null) {
                return new Sent(user, refusal, null, null);
            }
            if (!effective.smtp().configured()) {
                return new Sent(user, null, null, null);
            }
            if (ch.emailSentAt() != null && now.isBefore(ch.emailSentAt().plus(limits.resendCooldown()))) {
                return new Sent(user, null, ch.emailSentAt().plus(limits.resendCooldown()), null);
            }
            Instant expiresAt = now.plus(limits.codeTtl());
            Instant challengeExpiry = expiresAt.isAfter(ch.expiresAt()) ? expiresAt : ch.expiresAt();
            repository.setEmailCode(c, idHash, emailCodeHash(challengeId, code), now, challengeExpiry);
            audit.record(c, codeSent(user, client, ch.first()));
            return new Sent(user, null, now.plus(limits.resendCooldown()), expiresAt);
        });
        if (sent.refusal() != null) {
            throw challengeRefused(sent.user(), client, sent.refusal());
        }
        if (sent.nextSendAt() == null) {
            throw ApiException.of(
                    ProblemType.MAIL_UNAVAILABLE, "This server cannot send mail. Use another second factor.");
        }
        if (sent.expiresAt() == null) {
            long wait = Math.max(1, Duration.between(now, sent.nextSendAt()).toSeconds());
            throw ApiException.rateLimited("A code was sent moments ago. Ask again in " + wait + " seconds.", wait);
        }
        mailer.send(effective.smtp(), codeMail(sent.user().email(), code, client.ip(), now));
        return new MfaEmailSent(sent.nextSendAt(), sent.expiresAt());
    }

    @Override
    public Passed verify(MfaVerifyRequest request, ClientInfo client) {
        if (request.challengeId() == null || request.challengeId().length() > MAX_CODE_CHARS) {
            throw ApiException.invalid("challengeId", "A challenge id is required.");
        }
        if (request.method() == null) {
            throw ApiException.invalid("method", "Choose EMAIL, TOTP or RECOVERY.");
        }
        if (request.code() == null || request.code().isEmpty() || request.code().length() > MAX_CODE_CHARS) {
            throw ApiException.invalid("code", "Enter the code.");
        }
        String idHash = Digests.sha256Hex(request.challengeId().reveal());
        rateLimits.checkSignIn(client, "mfa:" + idHash);
        Instant now = clock.instant();
        Outcome outcome = tx.write(c -> {
            Optional<JdbcMfaRepository.StoredChallenge> found = repository.lockChallenge(c, idHash);
            if (found.isEmpty()) {
                return Outcome.refused(null, "The challenge is not known.");
            }
            JdbcMfaRepository.StoredChallenge ch = found.get();
            User user = users.findById(c, ch.userId()).map(UserAccount::user).orElse(null);
            String refusal = unusable(ch, user, client, now);
            if (refusal != null) {
                if (!ch.ip().equals(client.ip()) && ch.completedAt() == null) {
                    repository.countTry(c, idHash);
                }
                return Outcome.refused(user, refusal);
            }
            // Codes count into the account's lockout like passwords (decision 0029); a locked account or address
            // gets the answer of a wrong code, and its code is not checked.
            AccountLockout.Attempt attempt = lockout.begin(c, user.id(), client, now);
            String wrong;
            AccountLockout.Failure failure = null;
            if (attempt instanceof AccountLockout.Attempt.Locked locked) {
                wrong = "The account is locked until " + locked.until() + "; the code was not checked.";
            } else {
                wrong = checkCode(c, ch, user, request, now);
                if (wrong == null) {
                    lockout.passed(c, user.id(), ((AccountLockout.Attempt.Open) attempt).id());
                } else {
                    failure = lockout.failed(c, user.id(), client.ip(), now);
                }
            }
            if (wrong != null) {
                repository.countTry(c, idHash);
                int left = limits.maxTries() - ch.tries() - 1;
                audit.record(
                        c,
                        failure(user, client, method(ch.first(), request.method()))
                                .reason(wrong + (left > 0 ? " " + left + " tries left." : " No tries left.")));
                if (failure != null && failure.locked()) {
                    audit.record(
                            c, AccountLockout.lockRecord(failure, user, client, method(ch.first(), request.method())));
                }
                return new Outcome(user, null, true, left <= 0, false, ch.first());
            }
            repository.complete(c, idHash, now);
            boolean newIp = !client.ipIsTrustedProxy() && repository.rememberIp(c, user.id(), client.ip(), now);
            audit.record(
                    c,
                    AuditRecord.of(AuditAction.AUTH_MFA_SUCCESS, AuditOutcome.SUCCESS)
                            .actor(user)
                            .authMethod(method(ch.first(), request.method()))
                            .from(client)
                            .target("user", user.id(), user.email()));
            if (newIp) {
                audit.record(c, newIpRecord(user, client));
            }
            return new Outcome(user, null, false, false, newIp, ch.first());
        });
        if (outcome.user() == null || outcome.refusal() != null) {
            throw challengeRefused(outcome.user(), client, outcome.refusal());
        }
        if (outcome.wrongCode()) {
            throw ApiException.of(
                    ProblemType.MFA_CODE_INVALID,
                    outcome.usedUp()
                            ? "The code is not correct and no tries are left. Sign in again."
                            : "The code is not correct, has expired or was used already.");
        }
        User user = outcome.user();
        Runnable alert = outcome.newIp() ? () -> alertNewIp(user, client.ip(), now) : () -> {};
        return new Passed(user, outcome.first(), request.method(), alert);
    }

    private record Outcome(
            User user, String refusal, boolean wrongCode, boolean usedUp, boolean newIp, FirstFactor first) {
        static Outcome refused(User user, String refusal) {
            return new Outcome(user, refusal, false, false, false, FirstFactor.PASSWORD);
        }
    }

    /** Why the challenge cannot be used at all, or null. */
    private String unusable(JdbcMfaRepository.StoredChallenge ch, User user, ClientInfo client, Instant now) {
        if (user == null) {
            return "The challenge's user no longer exists.";
        }
        if (ch.completedAt() != null) {
            return "The challenge was completed already.";
        }
        if (!now.isBefore(ch.expiresAt())) {
            return "The challenge has expired.";
        }
        if (!ch.ip().equals(client.ip())) {
            return "The challenge was opened from another address.";
        }
        if (ch.tries() >= limits.maxTries()) {
            return "The challenge has no tries left.";
        }
        if (!user.enabled()) {
            return "The account is disabled.";
        }
        return null;
    }

    /** Why the code is wrong, or null when it is right (and now spent). */
    private String checkCode(
            Connection c, JdbcMfaRepository.StoredChallenge ch, User user, MfaVerifyRequest request, Instant now)
            throws SQLException {
        String typed = request.code().reveal().strip();
        return switch (request.method()) {
            case EMAIL -> {
                if (ch.emailCodeHash() == null) {
                    yield "No email code was sent for this challenge.";
                }
                if (!now.isBefore(ch.emailSentAt().plus(limits.codeTtl()))) {
                    yield "The email code has expired.";
                }
                byte[] expected = ch.emailCodeHash().getBytes(StandardCharsets.US_ASCII);
                byte[] actual =
                        emailCodeHash(request.challengeId(), Secret.of(typed)).getBytes(StandardCharsets.US_ASCII);
                yield MessageDigest.isEqual(expected, actual) ? null : "The email code is not correct.";
            }
            case TOTP -> {
                Optional<JdbcMfaRepository.StoredTotp> stored = repository.totp(c, user.id());
                if (stored.isEmpty() || stored.get().confirmedAt() == null) {
                    yield "The user has no authenticator.";
                }
                OptionalLong step = totp.matchingStep(totpSecrets.open(user.id(), stored.get()), typed, now);
                if (step.isEmpty()) {
                    yield "The authenticator code is not correct.";
                }
                yield repository.useTotpStep(c, user.id(), step.getAsLong())
                        ? null
                        : "The authenticator code was used already.";
            }
            case RECOVERY ->
                MfaAccountService.useRecoveryCode(repository, c, user.id(), typed, now)
                        ? null
                        : "The recovery code is not correct or was used already.";
        };
    }

    private ApiException challengeRefused(User user, ClientInfo client, String reason) {
        AuditRecord record = AuditRecord.of(AuditAction.AUTH_MFA_FAILURE, AuditOutcome.DENIED)
                .authMethod("password")
                .from(client)
                .reason(reason);
        if (user != null) {
            record.actor(user).target("user", user.id(), user.email());
        }
        audit.recordAlone(record);
        return ApiException.of(
                ProblemType.MFA_CHALLENGE_INVALID, "This sign-in can no longer be completed. Sign in again.");
    }

    private static AuditRecord newIpRecord(User user, ClientInfo client) {
        return AuditRecord.of(AuditAction.AUTH_NEW_IP, AuditOutcome.SUCCESS)
                .actor(user)
                .from(client)
                .target("user", user.id(), user.email())
                .reason("First sign-in from " + client.ip() + "; the address is now known.");
    }

    private static AuditRecord failure(User user, ClientInfo client, String method) {
        return AuditRecord.of(AuditAction.AUTH_MFA_FAILURE, AuditOutcome.DENIED)
                .actor(user)
                .authMethod(method)
                .from(client)
                .target("user", user.id(), user.email());
    }

    private static AuditRecord codeSent(User user, ClientInfo client, FirstFactor first) {
        return AuditRecord.of(AuditAction.AUTH_MFA_CODE_SENT, AuditOutcome.SUCCESS)
                .actor(user)
                .authMethod(first.auditMethod())
                .from(client)
                .target("user", user.id(), user.email())
                .reason("A sign-in code was mailed to the user.");
    }

    /** The audit method of a second factor after {@code first}: "password+totp", "oidc:corp+email". */
    private static String method(FirstFactor first, MfaMethod method) {
        return first.auditMethod() + "+" + method.name().toLowerCase(Locale.ROOT);
    }

    private void alertNewIp(User user, String ip, Instant at) {
        SignInSettingsService.Effective effective = settings.effective();
        if (!effective.smtp().configured()) {
            return;
        }
        String when = TIME.format(at);
        try {
            mailer.send(
                    effective.smtp(),
                    new Mail(
                            user.email(),
                            "New sign-in to your Bulwark account",
                            "Your Bulwark account was signed in to from a new address.\n\nTime: " + when
                                    + "\nAddress: " + ip
                                    + "\n\nIf this was not you, change your password and tell your administrator.\n",
                            "<p>Your Bulwark account was signed in to from a new address.</p><p>Time: "
                                    + escape(when) + "<br>Address: " + escape(ip)
                                    + "</p><p>If this was not you, change your password and tell your"
                                    + " administrator.</p>"));
        } catch (ApiException e) {
            LOG.log(System.Logger.Level.WARNING, "The new-address alert for user {0} was not sent", user.id());
        }
    }

    private Mail codeMail(String to, Secret code, String ip, Instant at) {
        String when = TIME.format(at);
        long minutes = limits.codeTtl().toMinutes();
        return new Mail(
                to,
                "Your Bulwark sign-in code",
                "Your sign-in code: " + code.reveal() + "\n\nRequested " + when + " from " + ip
                        + ". It works once, for " + minutes
                        + " minutes.\nIf you did not try to sign in, change your password.\n",
                "<p>Your sign-in code: <strong style=\"font-size:1.4em;letter-spacing:0.2em\">" + code.reveal()
                        + "</strong></p><p>Requested " + escape(when) + " from " + escape(ip) + ". It works once, for "
                        + minutes + " minutes.</p><p>If you did not try to sign in, change your password.</p>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private Secret newChallengeId() {
        byte[] bytes = new byte[CHALLENGE_BYTES];
        random.nextBytes(bytes);
        return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private Secret newEmailCode() {
        return Secret.of(String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000)));
    }

    private static String emailCodeHash(Secret challengeId, Secret code) {
        return Digests.sha256Hex(challengeId.reveal() + ":" + code.reveal());
    }
}
