package dev.bulwark.server.token;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.token.ApiToken;
import dev.bulwark.model.token.ApiTokenList;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.token.CreatedApiToken;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.audit.FieldChange;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.crypto.Digests;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.ClientInfo;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.permission.Authorizer;
import dev.bulwark.server.user.UserAccount;
import dev.bulwark.server.user.UserRepository;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API tokens: created by their owner in a signed-in session, listed and revoked by the owner and by
 * administrators (USERS READ to list another user's, USERS WRITE to revoke them), and turned into a {@link
 * Caller} when a request presents one.
 *
 * <p>Security guarantees: a token's value is {@code bwk_} and 256 bits from {@link SecureRandom} in base62; it
 * leaves the server once, in the answer to its creation, and only its SHA-256 is stored. A presented token
 * works only while it is neither revoked nor expired and its owner is enabled, and then with the owner's
 * current permissions capped by the token's narrowing ({@link Authorizer#permissionsOf}). Every creation and
 * revocation is audited in its own transaction; no value ever reaches an audit record, a log line or an
 * exception.
 */
public final class ApiTokenService {
    /** What every token starts with, so scanners and people can recognise one. */
    public static final String PREFIX = "bwk_";

    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 365;
    static final int NAME_MAX = 100;
    static final int MAX_USABLE_PER_USER = 100;

    private static final int TOKEN_BYTES = 32;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** 62^43 > 2^256, so 43 digits hold any 256-bit value; shorter ones are left-padded with '0'. */
    private static final int BASE62_DIGITS = 43;

    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final Set<String> AUDIT_CLEAR_FIELDS =
            Set.of("name", "expiresAt", "modules", "readOnly", "active", "tokens");
    private static final String REFUSED =
            "This API token is not valid: it is unknown, expired or revoked, or its" + " owner is disabled.";

    private final Transactions tx;
    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final Authorizer authorizer;
    private final AuditTrail trail;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** When this node last wrote each token's last use, so a busy token costs one write a minute, not one a request. */
    private final Map<UUID, Instant> lastUseWritten = new ConcurrentHashMap<>();

    public ApiTokenService(
            Transactions tx,
            ApiTokenRepository tokens,
            UserRepository users,
            Authorizer authorizer,
            AuditTrail trail,
            Clock clock) {
        this.tx = tx;
        this.tokens = tokens;
        this.users = users;
        this.authorizer = authorizer;
        this.trail = trail;
        this.clock = clock;
    }

    /** The caller's own tokens that are not revoked. */
    public ApiTokenList mine(Caller caller) {
        return tx.read(c -> list(c, caller.userId()));
    }

    /**
     * Creates a token for the caller. The answer is the only place its value ever appears.
     *
     * @throws ApiException {@code forbidden} when the caller used an API token; {@code validation-failed} for a
     *     name that is not 1 to 100 characters, an expiry outside 1 to 365 days or an empty module list;
     *     {@code conflict} when the caller already has {@value #MAX_USABLE_PER_USER} usable tokens
     */
    public CreatedApiToken create(Caller caller, CreateApiTokenRequest request) {
        authorizer.requireSession(caller, "create API tokens");
        Validator v = new Validator().text("name", request.name(), 1, NAME_MAX);
        int days = request.expiresInDays() == null ? DEFAULT_DAYS : request.expiresInDays();
        if (days < 1 || days > MAX_DAYS) {
            v.error("expiresInDays", "Choose from 1 to " + MAX_DAYS + " days.");
        }
        Set<Module> modules = null;
        if (request.modules() != null) {
            if (request.modules().isEmpty() || request.modules().contains(null)) {
                v.error("modules", "Choose at least one module, or leave this out for every module.");
            } else {
                modules = EnumSet.copyOf(request.modules());
            }
        }
        v.throwIfInvalid();
        Instant now = clock.instant();
        Secret value = newTokenValue();
        ApiTokenRepository.StoredApiToken token = new ApiTokenRepository.StoredApiToken(
                UUID.randomUUID(),
                caller.userId(),
                request.name().strip(),
                now,
                now.plus(Duration.ofDays(days)),
                modules,
                Boolean.TRUE.equals(request.readOnly()),
                null,
                null,
                null);
        ApiToken created = tx.write(c -> {
            if (tokens.countUsableOfUser(c, caller.userId(), now) >= MAX_USABLE_PER_USER) {
                throw ApiException.of(
                        ProblemType.CONFLICT,
                        "You already have " + MAX_USABLE_PER_USER + " API tokens. Revoke one you no longer use.");
            }
            tokens.insert(c, token, Digests.sha256Hex(value.reveal()));
            changed(
                    c,
                    caller,
                    AuditAction.TOKEN_CREATE,
                    token,
                    List.of(
                            new FieldChange("name", null, token.name()),
                            new FieldChange("expiresAt", null, token.expiresAt()),
                            new FieldChange("modules", null, modulesForAudit(token.modules())),
                            new FieldChange("readOnly", null, token.readOnly())));
            return toWire(token);
        });
        return new CreatedApiToken(created, value);
    }

    /** Revokes one of the caller's own tokens; allowed with a session or with any of the caller's tokens. */
    public void revokeMine(Caller caller, UUID tokenId) {
        revoke(caller, caller.userId(), tokenId);
    }

    /** A user's tokens that are not revoked: the user themself, or USERS READ. */
    public ApiTokenList ofUser(Caller caller, UUID userId) {
        if (!caller.userId().equals(userId)) {
            authorizer.require(caller, Module.USERS, AccessLevel.READ);
        }
        return tx.read(c -> {
            requireUser(c, userId);
            return list(c, userId);
        });
    }

    /** Revokes one token of a user: the user themself, or USERS WRITE (and ADMIN for an administrator's). */
    public void revokeOfUser(Caller caller, UUID userId, UUID tokenId) {
        if (!caller.userId().equals(userId)) {
            authorizer.require(caller, Module.USERS, AccessLevel.WRITE);
        }
        revoke(caller, userId, tokenId);
    }

    /**
     * Revokes every token of {@code userId} inside the caller's transaction {@code c}, for a change that must
     * end them all at once (the user disabled, their password changed or reset); audited when any was revoked.
     *
     * @return how many tokens were revoked
     */
    public int revokeAllOfUser(Connection c, Caller caller, UUID userId, String reason, Instant at)
            throws SQLException {
        int revoked = tokens.revokeAllOfUser(c, userId, reason, at);
        if (revoked > 0) {
            trail.record(
                    c,
                    AuditRecord.change(
                                    AuditAction.TOKEN_REVOKE_ALL,
                                    caller.user(),
                                    caller.client(),
                                    "user",
                                    userId,
                                    AuditDiff.of(AUDIT_CLEAR_FIELDS, List.of(new FieldChange("tokens", revoked, 0))))
                            .reason(reason));
        }
        return revoked;
    }

    /**
     * The caller a presented token stands for.
     *
     * @throws ApiException {@code not-authenticated}, with one sentence for every reason (unknown, expired,
     *     revoked, owner disabled), so the answer tells nothing about which tokens exist
     */
    public Caller authenticate(Secret presented, ClientInfo client) {
        String value = presented.reveal();
        if (!value.startsWith(PREFIX) || value.length() != PREFIX.length() + BASE62_DIGITS) {
            throw ApiException.of(ProblemType.NOT_AUTHENTICATED, REFUSED);
        }
        String hash = Digests.sha256Hex(value);
        Instant now = clock.instant();
        Optional<Found> found = tx.read(c -> {
            Optional<ApiTokenRepository.StoredApiToken> token =
                    tokens.findByHash(c, hash).filter(t -> t.isUsableAt(now));
            if (token.isEmpty()) {
                return Optional.empty();
            }
            return users.findById(c, token.get().userId())
                    .filter(a -> a.user().enabled())
                    .map(a -> new Found(token.get(), a.user()));
        });
        Found f = found.orElseThrow(() -> ApiException.of(ProblemType.NOT_AUTHENTICATED, REFUSED));
        recordUse(f.token(), client, now);
        return new Caller(
                f.owner(),
                new Caller.ApiTokenCredential(
                        f.token().id(), f.token().modules(), f.token().readOnly()),
                client);
    }

    private record Found(ApiTokenRepository.StoredApiToken token, User owner) {}

    private void recordUse(ApiTokenRepository.StoredApiToken token, ClientInfo client, Instant now) {
        Instant written = lastUseWritten.get(token.id());
        Instant last = latest(written, token.lastUsedAt());
        if (last != null && now.isBefore(last.plus(LAST_USED_RESOLUTION))) {
            return;
        }
        boolean claimed = written == null
                ? lastUseWritten.putIfAbsent(token.id(), now) == null
                : lastUseWritten.replace(token.id(), written, now);
        if (claimed) {
            tx.write(c -> {
                tokens.touch(c, token.id(), now, client.ip());
                return null;
            });
        }
    }

    private void revoke(Caller caller, UUID userId, UUID tokenId) {
        if (!caller.userId().equals(userId)) {
            UserAccount owner = tx.read(c -> requireUser(c, userId));
            if (owner.user().role() == Role.ADMIN) {
                authorizer.requireAdmin(caller, Module.USERS, "revoke an administrator's API tokens");
            }
        }
        Instant now = clock.instant();
        tx.write(c -> {
            ApiTokenRepository.StoredApiToken token = tokens.find(c, tokenId)
                    .filter(t -> t.userId().equals(userId) && t.revokedAt() == null)
                    .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no such API token."));
            String reason = caller.userId().equals(userId) ? "revoked-by-owner" : "revoked-by-admin";
            tokens.revoke(c, token.id(), reason, now);
            changed(c, caller, AuditAction.TOKEN_REVOKE, token, List.of(new FieldChange("active", true, false)));
            return null;
        });
        lastUseWritten.remove(tokenId);
    }

    private ApiTokenList list(Connection c, UUID userId) throws SQLException {
        return new ApiTokenList(tokens.listUnrevokedOfUser(c, userId).stream()
                .map(ApiTokenService::toWire)
                .toList());
    }

    private UserAccount requireUser(Connection c, UUID userId) throws SQLException {
        return users.findById(c, userId)
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "There is no such user."));
    }

    private Secret newTokenValue() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        BigInteger n = new BigInteger(1, bytes);
        BigInteger base = BigInteger.valueOf(BASE62.length());
        char[] digits = new char[BASE62_DIGITS];
        for (int i = BASE62_DIGITS - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(base);
            digits[i] = BASE62.charAt(qr[1].intValue());
            n = qr[0];
        }
        Arrays.fill(bytes, (byte) 0);
        return Secret.of(PREFIX + new String(digits));
    }

    private static ApiToken toWire(ApiTokenRepository.StoredApiToken t) {
        return new ApiToken(
                t.id(),
                t.userId(),
                t.name(),
                t.createdAt(),
                t.expiresAt(),
                t.modules() == null ? null : List.copyOf(EnumSet.copyOf(t.modules())),
                t.readOnly(),
                t.lastUsedAt(),
                t.lastUsedIp());
    }

    private static List<String> modulesForAudit(Set<Module> modules) {
        return modules == null
                ? List.of("*")
                : modules.stream().sorted().map(Module::name).toList();
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Every change of this service ends here: its audit record, in the change's own transaction. */
    private void changed(
            Connection c,
            Caller caller,
            AuditAction action,
            ApiTokenRepository.StoredApiToken token,
            List<FieldChange> diff)
            throws SQLException {
        trail.record(
                c,
                AuditRecord.change(
                                action,
                                caller.user(),
                                caller.client(),
                                "api-token",
                                token.id(),
                                AuditDiff.of(AUDIT_CLEAR_FIELDS, diff))
                        .target("api-token", token.id(), token.name()));
    }
}
