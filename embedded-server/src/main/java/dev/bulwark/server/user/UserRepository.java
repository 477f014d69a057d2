package dev.bulwark.server.user;

import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
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

    /**
     * Users whose email or display name contains {@code query} (ignoring case; every user when empty), sorted
     * by normalized email, starting after {@code afterEmail} (null for the first page).
     */
    List<UserAccount> search(Connection c, String query, String afterEmail, int limit) throws SQLException;

    /**
     * Changes email, display name and role when the stored version is {@code expectedVersion}; false when it is
     * not (another change came first).
     */
    boolean update(Connection c, UUID id, long expectedVersion, String email, String displayName, Role role, Instant at)
            throws SQLException;

    /** Enables or disables a user. */
    void setEnabled(Connection c, UUID id, boolean enabled, Instant at) throws SQLException;

    /** Deletes a user with their sessions, grants and memberships; false when there was none. */
    boolean delete(Connection c, UUID id) throws SQLException;

    /** How many administrators are enabled. */
    int countEnabledAdmins(Connection c) throws SQLException;
}
