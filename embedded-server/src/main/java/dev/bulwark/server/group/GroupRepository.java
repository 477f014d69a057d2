package dev.bulwark.server.group;

import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupMember;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stores groups and their members. Every method runs in the caller's transaction. */
public interface GroupRepository {
    /** Every group, sorted by name. */
    List<Group> list(Connection c) throws SQLException;

    Optional<Group> find(Connection c, UUID id) throws SQLException;

    /** Whether another group than {@code except} (may be null) has this name, ignoring case. */
    boolean nameTaken(Connection c, String name, UUID except) throws SQLException;

    void insert(Connection c, UUID id, String name, String description, Instant at) throws SQLException;

    /** Changes name and description when the stored version is {@code expectedVersion}; false when it is not. */
    boolean update(Connection c, UUID id, long expectedVersion, String name, String description, Instant at)
            throws SQLException;

    /** Deletes a group with its memberships and grants; false when there was none. */
    boolean delete(Connection c, UUID id) throws SQLException;

    /** The group's members, sorted by email. */
    List<GroupMember> members(Connection c, UUID groupId) throws SQLException;

    boolean isMember(Connection c, UUID groupId, UUID userId) throws SQLException;

    void addMember(Connection c, UUID groupId, UUID userId, Instant at) throws SQLException;

    /** Removes a member; false when the user was not one. */
    boolean removeMember(Connection c, UUID groupId, UUID userId) throws SQLException;
}
