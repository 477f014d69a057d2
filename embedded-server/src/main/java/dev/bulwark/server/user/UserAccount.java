package dev.bulwark.server.user;

import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditDiff;
import java.util.Optional;
import java.util.Set;

/**
 * A user as stored, with the password hash. Not a record: the hash must not reach {@code toString}, and two
 * accounts are never compared by value.
 */
public final class UserAccount {
    /** The fields of a user an audit diff may show in clear; every other field (the password hash) is masked. */
    public static final Set<String> AUDIT_CLEAR_FIELDS = Set.of(
            "email",
            "displayName",
            "role",
            "enabled",
            "passwordChangeRequired",
            "grants",
            "lockedUntil",
            "failedSignIns");

    private final User user;
    private final String passwordHash;
    private final long version;

    public UserAccount(User user, String passwordHash, long version) {
        this.user = user;
        this.passwordHash = passwordHash;
        this.version = version;
    }

    /** The user as the API shows it. */
    public User user() {
        return user;
    }

    /** The self-describing password hash; empty for accounts that sign in only through a provider. */
    public Optional<String> passwordHash() {
        return Optional.ofNullable(passwordHash);
    }

    /** The row version, for check-and-set updates. */
    public long version() {
        return version;
    }

    /** A diff for auditing a change of a user's fields. */
    public static AuditDiff auditDiff() {
        return AuditDiff.forEntity(AUDIT_CLEAR_FIELDS);
    }

    /** The audit diff of a newly created user: every shown field from nothing to its value. */
    public static AuditDiff created(User user) {
        return auditDiff()
                .change("email", null, user.email())
                .change("displayName", null, user.displayName())
                .change("role", null, user.role())
                .change("enabled", null, Boolean.toString(user.enabled()))
                .secretChanged("passwordHash");
    }

    @Override
    public String toString() {
        return "UserAccount[" + user.id() + ", " + user.role() + "]";
    }
}
