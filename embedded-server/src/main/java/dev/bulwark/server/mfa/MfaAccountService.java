package dev.bulwark.server.mfa;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.mfa.KnownIpList;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.model.mfa.MfaStatus;
import dev.bulwark.model.mfa.RecoveryCodes;
import dev.bulwark.model.mfa.TotpEnrolment;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.AccountLockout;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.crypto.Digests;
import dev.bulwark.server.crypto.PasswordHasher;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.user.UserAccount;
import dev.bulwark.server.user.UserRepository;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A user's own second factors and known addresses ({@code /api/v1/me/mfa}, {@code /api/v1/me/known-ips}), and
 * the administrators' view of anyone's ({@code /api/v1/users/{id}/known-ips}, {@code mfa-reset}).
 *
 * <p>Security guarantees: managing one's own factors needs a signed-in session (never an API token); turning the
 * authenticator off or replacing recovery codes also needs a current code or the password. Secrets and recovery
 * codes are shown once and stored sealed or hashed; audit records never carry them.
 */
public final class MfaAccountService {
    private static final int RECOVERY_CODES = 10;
    /** RFC 4648 base32: 5 bits a character, so 16 characters are 80 bits (decision 0029). */
    private static final char[] RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private static final int RECOVERY_CHARS = 16;
    private static final int SALT_BYTES = 16;
    private static final int MAX_CODE_CHARS = 64;
    private static final int MAX_PASSWORD_CHARS = 1024;

    private final Transactions tx;
    private final JdbcMfaRepository repository;
    private final UserRepository users;
    private final SignInSettingsService settings;
    private final TotpSecrets secrets;
    private final Totp totp;
    private final PasswordHasher hasher;
    private final Authorizer authorizer;
    private final AuditTrail audit;
    private final AccountLockout lockout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    MfaAccountService(
            Transactions tx,
            JdbcMfaRepository repository,
            UserRepository users,
            SignInSettingsService settings,
            TotpSecrets secrets,
            Totp totp,
            PasswordHasher hasher,
            Authorizer authorizer,
            AuditTrail audit,
            AccountLockout lockout,
            Clock clock) {
        this.tx = tx;
        this.lockout = lockout;
        this.repository = repository;
        this.users = users;
        this.settings = settings;
        this.secrets = secrets;
        this.totp = totp;
        this.hasher = hasher;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code GET /api/v1/me/mfa}. */
    public MfaStatus status(Caller caller) {
        SignInSettingsService.Effective effective = settings.effective();
        UUID id = caller.userId();
        return tx.read(c -> {
            Optional<JdbcMfaRepository.StoredTotp> stored = repository.totp(c, id);
            Instant confirmed =
                    stored.map(JdbcMfaRepository.StoredTotp::confirmedAt).orElse(null);
            return new MfaStatus(
                    effective.mfaEnabled(),
                    effective.smtp().configured(),
                    confirmed != null,
                    confirmed,
                    confirmed == null ? 0 : repository.recoveryCodesLeft(c, id));
        });
    }

    /**
     * {@code POST /api/v1/me/mfa/totp}: a new secret, in force once confirmed.
     *
     * @throws ApiException {@code conflict} when an authenticator is already in force
     */
    public TotpEnrolment startTotp(Caller caller) {
        authorizer.requireSession(caller, "set up an authenticator");
        byte[] secret = totp.newSecret();
        UUID id = caller.userId();
        tx.write(c -> {
            Optional<JdbcMfaRepository.StoredTotp> stored = repository.totp(c, id);
            if (stored.isPresent() && stored.get().confirmedAt() != null) {
                throw ApiException.of(
                        ProblemType.CONFLICT, "An authenticator is already set up. Turn it off first to replace it.");
            }
            repository.putPendingTotp(c, id, secrets.seal(id, secret), clock.instant());
            return null;
        });
        return new TotpEnrolment(
                Secret.of(Totp.base32(secret)),
                Secret.of(Totp.otpauthUri(caller.user().email(), secret)));
    }

    /**
     * {@code POST /api/v1/me/mfa/totp/confirm}: the first code puts the authenticator in force; answers the
     * recovery codes, shown once.
     *
     * @throws ApiException {@code validation-failed} for a wrong code, {@code conflict} without a pending secret
     */
    public RecoveryCodes confirmTotp(Caller caller, MfaCodeRequest request) {
        authorizer.requireSession(caller, "set up an authenticator");
        String code = requireCode(request);
        UUID id = caller.userId();
        Instant now = clock.instant();
        List<Secret> codes = newRecoveryCodes();
        String refusal = tx.write(c -> {
            Optional<JdbcMfaRepository.StoredTotp> stored = repository.totp(c, id);
            if (stored.isEmpty() || stored.get().confirmedAt() != null) {
                throw ApiException.of(ProblemType.CONFLICT, "Start setting up an authenticator first.");
            }
            OptionalLong step = totp.matchingStep(secrets.open(id, stored.get()), code, now);
            if (step.isEmpty() || !repository.useTotpStep(c, id, step.getAsLong())) {
                return "The code is not correct. Check the clock of the device with the authenticator app.";
            }
            repository.confirmTotp(c, id, now);
            String salt = newSalt();
            repository.replaceRecoveryCodes(c, id, salt, hashes(salt, codes));
            audit.record(
                    c,
                    self(AuditAction.MFA_TOTP_ENROL, caller).reason("Authenticator set up; 10 recovery codes made."));
            return null;
        });
        if (refusal != null) {
            audit.recordAlone(self(AuditAction.MFA_TOTP_ENROL, caller, AuditOutcome.DENIED)
                    .reason("The confirmation code was not correct."));
            throw ApiException.invalid("code", refusal);
        }
        return new RecoveryCodes(codes);
    }

    /** {@code POST /api/v1/me/mfa/totp/disable}: needs a current code or the password. */
    public void disableTotp(Caller caller, MfaCodeRequest request) {
        authorizer.requireSession(caller, "turn off the authenticator");
        prove(caller, request, AuditAction.MFA_TOTP_DISABLE);
        UUID id = caller.userId();
        tx.write(c -> {
            if (!repository.deleteTotp(c, id)) {
                throw ApiException.of(ProblemType.NOT_FOUND, "No authenticator is set up.");
            }
            repository.deleteRecoveryCodes(c, id);
            return audit.record(
                    c, self(AuditAction.MFA_TOTP_DISABLE, caller).reason("Authenticator and recovery codes removed."));
        });
    }

    /** {@code POST /api/v1/me/mfa/recovery-codes}: ten new codes replace every old one; needs a code or password. */
    public RecoveryCodes regenerateRecoveryCodes(Caller caller, MfaCodeRequest request) {
        authorizer.requireSession(caller, "make new recovery codes");
        prove(caller, request, AuditAction.MFA_RECOVERY_REGENERATE);
        UUID id = caller.userId();
        List<Secret> codes = newRecoveryCodes();
        tx.write(c -> {
            if (repository.totp(c, id).map(t -> t.confirmedAt() == null).orElse(true)) {
                throw ApiException.of(ProblemType.CONFLICT, "Recovery codes need an authenticator. Set one up first.");
            }
            String salt = newSalt();
            repository.replaceRecoveryCodes(c, id, salt, hashes(salt, codes));
            return audit.record(
                    c,
                    self(AuditAction.MFA_RECOVERY_REGENERATE, caller)
                            .reason("10 new recovery codes replace the old ones."));
        });
        return new RecoveryCodes(codes);
    }

    /** {@code GET /api/v1/me/known-ips}. */
    public KnownIpList myKnownIps(Caller caller) {
        return new KnownIpList(tx.read(c -> repository.knownIps(c, caller.userId())));
    }

    /** {@code DELETE /api/v1/me/known-ips/{ip}}. */
    public void removeMyKnownIp(Caller caller, String ip) {
        authorizer.requireSession(caller, "remove a known address");
        removeIp(caller, caller.user(), ip);
    }

    /** {@code GET /api/v1/users/{id}/known-ips}: needs USERS READ. */
    public KnownIpList knownIpsOf(Caller caller, UUID userId) {
        authorizer.require(caller, Module.USERS, AccessLevel.READ);
        return tx.read(c -> {
            requireUser(c, userId);
            return new KnownIpList(repository.knownIps(c, userId));
        });
    }

    /** {@code DELETE /api/v1/users/{id}/known-ips/{ip}}: needs USERS WRITE. */
    public void removeKnownIp(Caller caller, UUID userId, String ip) {
        authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        User target = tx.read(c -> requireUser(c, userId));
        removeIp(caller, target, ip);
    }

    /** {@code POST /api/v1/users/{id}/mfa-reset}: administrators only; removes authenticator, codes and known IPs. */
    public void resetMfa(Caller caller, UUID userId) {
        authorizer.requireAdmin(caller, Module.USERS, "reset a user's second factor");
        authorizer.requireCovers(caller, userId, "reset the second factor");
        tx.write(c -> {
            User target = requireUser(c, userId);
            boolean hadTotp = repository.deleteTotp(c, userId);
            repository.deleteRecoveryCodes(c, userId);
            int ips = repository.forgetAllIps(c, userId);
            return audit.record(
                    c,
                    AuditRecord.of(AuditAction.USER_MFA_RESET, AuditOutcome.SUCCESS)
                            .actor(caller.user())
                            .authMethod(authMethod(caller))
                            .from(caller.client())
                            .target("user", target.id(), target.email())
                            .reason((hadTotp ? "Authenticator and recovery codes removed; " : "No authenticator; ")
                                    + ips + " known " + (ips == 1 ? "address" : "addresses") + " forgotten."));
        });
    }

    private void removeIp(Caller caller, User target, String ip) {
        if (ip == null || ip.isBlank() || ip.length() > 64) {
            throw ApiException.invalid("ip", "Name an IP address.");
        }
        tx.write(c -> {
            if (!repository.forgetIp(c, target.id(), ip)) {
                throw ApiException.of(ProblemType.NOT_FOUND, "The address " + ip + " is not known for this user.");
            }
            return audit.record(
                    c,
                    AuditRecord.of(AuditAction.KNOWN_IP_REMOVE, AuditOutcome.SUCCESS)
                            .actor(caller.user())
                            .authMethod(authMethod(caller))
                            .from(caller.client())
                            .target("user", target.id(), target.email())
                            .reason("Known address " + ip
                                    + " removed; the next sign-in from it needs a second factor."));
        });
    }

    private User requireUser(java.sql.Connection c, UUID userId) throws java.sql.SQLException {
        return users.findById(c, userId)
                .map(UserAccount::user)
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "No such user."));
    }

    /**
     * A current authenticator code (spent) or the password proves the caller is the owner; both count into the
     * lockout like a sign-in (decision 0029), so a stolen session cannot guess either without limit.
     */
    private void prove(Caller caller, MfaCodeRequest request, AuditAction action) {
        UUID id = caller.userId();
        if (request != null && request.code() != null && !request.code().isEmpty()) {
            String code = requireCode(request);
            boolean ok = lockout.guard(
                    tx,
                    audit,
                    clock,
                    caller.user(),
                    caller.client(),
                    authMethod(caller),
                    "The authenticator code was not correct or was used already.",
                    () -> tx.write(c -> {
                        Optional<JdbcMfaRepository.StoredTotp> stored = repository.totp(c, id);
                        if (stored.isEmpty() || stored.get().confirmedAt() == null) {
                            return false;
                        }
                        OptionalLong step = totp.matchingStep(secrets.open(id, stored.get()), code, clock.instant());
                        return step.isPresent() && repository.useTotpStep(c, id, step.getAsLong());
                    }),
                    () -> {},
                    reason -> self(action, caller, AuditOutcome.DENIED).reason(reason));
            if (!ok) {
                throw ApiException.invalid("code", "The code is not correct or was used already.");
            }
            return;
        }
        if (request != null && request.password() != null && !request.password().isEmpty()) {
            if (request.password().length() > MAX_PASSWORD_CHARS) {
                throw ApiException.invalid("password", "The password is longer than allowed.");
            }
            Optional<String> hash = tx.read(c -> users.findById(c, id)).flatMap(UserAccount::passwordHash);
            boolean ok = hash.isPresent()
                    && lockout.guard(
                            tx,
                            audit,
                            clock,
                            caller.user(),
                            caller.client(),
                            authMethod(caller),
                            "The password was not correct.",
                            () -> hasher.verify(request.password(), hash.get()),
                            () -> hasher.verifyNothing(request.password()),
                            reason -> self(action, caller, AuditOutcome.DENIED).reason(reason));
            if (!ok) {
                if (hash.isEmpty()) {
                    audit.recordAlone(
                            self(action, caller, AuditOutcome.DENIED).reason("The password was not correct."));
                }
                throw ApiException.invalid("password", "The password is not correct.");
            }
            return;
        }
        throw ApiException.invalid("code", "Enter a code from your authenticator app or your password.");
    }

    private static String requireCode(MfaCodeRequest request) {
        if (request == null
                || request.code() == null
                || request.code().isEmpty()
                || request.code().length() > MAX_CODE_CHARS) {
            throw ApiException.invalid("code", "Enter the code from your authenticator app.");
        }
        return request.code().reveal();
    }

    /** Ten codes of 16 base32 characters (80 bits each), shown in groups of four: {@code ABCD-EFGH-JKLM-NPQR}. */
    private List<Secret> newRecoveryCodes() {
        List<Secret> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int j = 0; j < RECOVERY_CHARS; j++) {
                if (j > 0 && j % 4 == 0) {
                    code.append('-');
                }
                code.append(RECOVERY_ALPHABET[random.nextInt(RECOVERY_ALPHABET.length)]);
            }
            codes.add(Secret.of(code.toString()));
        }
        return codes;
    }

    private String newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    private static List<String> hashes(String salt, List<Secret> codes) {
        return codes.stream().map(code -> saltedHash(salt, code.reveal())).toList();
    }

    /**
     * Spends the recovery code {@code typed} of {@code userId}: a code of the current format under its salt, or
     * one of the old format (SHA-256, from before decision 0029), which keeps working until new codes replace it.
     */
    static boolean useRecoveryCode(
            JdbcMfaRepository repository, java.sql.Connection c, UUID userId, String typed, Instant now)
            throws java.sql.SQLException {
        List<String> salted = repository.recoverySalts(c, userId).stream()
                .map(salt -> saltedHash(salt, typed))
                .toList();
        return repository.useRecoveryCode(c, userId, legacyHash(typed), salted, now);
    }

    /** The stored form of a recovery code: HMAC-SHA256 keyed with the batch's random salt; case, spaces, dashes do not matter. */
    static String saltedHash(String salt, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(salt), "HmacSHA256"));
            String normalised = code.strip().replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
            return HexFormat.of().formatHex(mac.doFinal(("recovery|" + normalised).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The stored form of a recovery code of the old format (10 characters, unsalted SHA-256). */
    static String legacyHash(String code) {
        return Digests.sha256Hex(
                "recovery|" + code.strip().replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT));
    }

    private static AuditRecord self(AuditAction action, Caller caller) {
        return self(action, caller, AuditOutcome.SUCCESS);
    }

    private static AuditRecord self(AuditAction action, Caller caller, AuditOutcome outcome) {
        return AuditRecord.of(action, outcome)
                .actor(caller.user())
                .authMethod(authMethod(caller))
                .from(caller.client())
                .target("user", caller.userId(), caller.user().email());
    }

    private static String authMethod(Caller caller) {
        return caller.credential().auditName();
    }
}
