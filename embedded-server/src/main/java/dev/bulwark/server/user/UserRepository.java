package dev.bulwark.server.user;

import dev.bulwark.model.user.User;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Stores users. Every method runs in the caller's transaction. */
public interface UserRepository {
    Optional<UserAccount> findByEmail(Connection c, String email) throws SQLException;

    Optional<UserAccount> findById(Connection c, UUID id) throws SQLException;

    /** Inserts a new user; the email must be unique ignoring case. */
    void insert(Connection c, User user, String passwordHash) throws SQLException;

    /** Whether an email is taken, ignoring case. */
    boolean emailExists(Connection c, String email) throws SQLException;

    void recordLogin(Connection c, UUID id, Instant at) throws SQLException;

    /** Replaces the password hash; {@code changeRequired} forces a change at next sign-in. */
    void updatePasswordHash(Connection c, UUID id, String passwordHash, boolean changeRequired, Instant at)
            throws SQLException;
}
