package dev.bulwark.server.setup;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.crypto.Digests;
import dev.bulwark.server.crypto.PasswordHasher;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.user.PasswordPolicy;
import dev.bulwark.server.user.UserAccount;
import dev.bulwark.server.user.UserRepository;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * First-run setup: creating the first administrator.
 *
 * <p>There is never a default password. Setup needs a one-time code (80 random bits, valid one hour by
 * default, stored only as SHA-256): {@code bulwark-server init} prints it, and the embedded server hands it to
 * the desktop in-process. Exactly one setup can succeed: the {@code installation} row's primary key refuses a
 * second one even when two race.
 */
public final class SetupService {
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int CODE_GROUPS = 4;
    private static final int CODE_GROUP_LENGTH = 4;

    private final Transactions tx;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditTrail audit;
    private final Duration codeLifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SetupService(
            Transactions tx,
            UserRepository users,
            PasswordHasher hasher,
            PasswordPolicy policy,
            AuditTrail audit,
            Duration codeLifetime,
            Clock clock) {
        this.tx = tx;
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
        this.codeLifetime = codeLifetime;
        this.clock = clock;
    }

    /** Whether the first administrator still has to be created. */
    public boolean isSetupRequired() {
        return tx.read(c -> !isInstalled(c));
    }

    /** A fresh one-time setup code, valid for the configured lifetime. */
    public Secret newSetupCode() {
        Secret code = Secret.of(randomCode());
        Instant now = clock.instant();
        tx.write(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO setup_code (code_hash, created_at, expires_at) VALUES (?, ?, ?)")) {
                s.setString(1, hash(code));
                s.setTimestamp(2, Timestamp.from(now));
                s.setTimestamp(3, Timestamp.from(now.plus(codeLifetime)));
                return s.executeUpdate();
            }
        });
        return code;
    }

    /** How long a new code stays valid. */
    public Duration codeLifetime() {
        return codeLifetime;
    }

    /**
     * Creates the first administrator through the API.
     *
     * @throws ApiException {@code validation-failed}, {@code setup-completed} or {@code setup-code-invalid}
     */
    public User createFirstAdmin(SetupRequest request, ClientInfo client) {
        validate(request);
        if (!isSetupRequired()) {
            throw setupCompleted();
        }
        if (request.setupCode() == null || request.setupCode().isEmpty()) {
            throw ApiException.invalid("setupCode", "Enter the setup code printed by bulwark-server init.");
        }
        String passwordHash = hasher.hash(request.password());
        String codeHash = hash(normalize(request.setupCode()));
        return tx.write(c -> {
            if (isInstalled(c)) {
                throw setupCompleted();
            }
            if (!consumeCode(c, codeHash)) {
                throw ApiException.of(
                        ProblemType.SETUP_CODE_INVALID,
                        "The setup code is not valid or has expired. Run bulwark-server init for a new one.");
            }
            return insertAdmin(c, request, passwordHash, "setup-code", client);
        });
    }

    /**
     * Creates the first administrator from the server's command line, where the operator is trusted and no code
     * is needed.
     */
    public User createFirstAdminLocally(String email, String displayName, Secret password) {
        SetupRequest request = new SetupRequest(null, email, displayName, password);
        validate(request);
        String passwordHash = hasher.hash(password);
        return tx.write(c -> {
            if (isInstalled(c)) {
                throw setupCompleted();
            }
            return insertAdmin(c, request, passwordHash, "command-line", null);
        });
    }

    private void validate(SetupRequest request) {
        Validator v = new Validator()
                .email("email", request.email())
                .text("displayName", request.displayName(), 1, 200)
                .present("password", request.password());
        if (!v.hasError("password")) {
            policy.check(
                            request.password(),
                            List.of(String.valueOf(request.email()), String.valueOf(request.displayName())))
                    .ifPresent(message -> v.error("password", message));
        }
        v.throwIfInvalid();
    }

    private User insertAdmin(
            Connection c, SetupRequest request, String passwordHash, String authMethod, ClientInfo client)
            throws SQLException {
        Instant now = clock.instant();
        User admin = new User(
                UUID.randomUUID(),
                request.email().strip(),
                request.displayName().strip(),
                Role.ADMIN,
                true,
                false,
                now,
                now,
                null);
        if (users.emailExists(c, admin.email())) {
            throw ApiException.invalid("email", "A user with this email already exists.");
        }
        users.insert(c, admin, passwordHash);
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO installation (id, setup_completed_at, first_admin_id) VALUES (1, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, admin.id());
            s.executeUpdate();
        }
        audit.record(
                c,
                AuditRecord.of(AuditAction.USER_CREATE, AuditOutcome.SUCCESS)
                        .authMethod(authMethod)
                        .from(client)
                        .target("user", admin.id(), admin.email())
                        .reason("The first administrator was created at setup.")
                        .diff(UserAccount.created(admin)));
        return admin;
    }

    private boolean consumeCode(Connection c, String codeHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE setup_code SET used_at = ?
                 WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
                """)) {
            Timestamp now = Timestamp.from(clock.instant());
            s.setTimestamp(1, now);
            s.setString(2, codeHash);
            s.setTimestamp(3, now);
            return s.executeUpdate() == 1;
        }
    }

    private static boolean isInstalled(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM installation WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            return r.next();
        }
    }

    private String randomCode() {
        StringBuilder code = new StringBuilder();
        for (int g = 0; g < CODE_GROUPS; g++) {
            if (g > 0) {
                code.append('-');
            }
            for (int i = 0; i < CODE_GROUP_LENGTH; i++) {
                code.append(CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)]);
            }
        }
        return code.toString();
    }

    /** Codes are compared without case, spaces or dashes, so a code typed by hand still matches. */
    private static Secret normalize(Secret code) {
        return Secret.of(code.reveal().replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT));
    }

    private static String hash(Secret code) {
        return Digests.sha256Hex(normalize(code).reveal());
    }

    private static ApiException setupCompleted() {
        return ApiException.of(ProblemType.SETUP_COMPLETED, "The first administrator already exists. Sign in instead.");
    }
}
