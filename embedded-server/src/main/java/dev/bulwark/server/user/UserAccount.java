package dev.bulwark.server.user;

import dev.bulwark.model.user.User;
import java.util.Optional;

/**
 * A user as stored, with the password hash. Not a record: the hash must not reach {@code toString}, and two
 * accounts are never compared by value.
 */
public final class UserAccount {
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

    @Override
    public String toString() {
        return "UserAccount[" + user.id() + ", " + user.role() + "]";
    }
}
