package dev.bulwark.server.permission;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Stores grants and the permissions version. Every method runs in the caller's transaction. */
public interface PermissionRepository {
    /** The current permissions version. */
    long version(Connection c) throws SQLException;

    /**
     * Bumps the permissions version. Its single row is locked until the transaction ends, so changes to roles,
     * grants and memberships are serialised, which also makes rules such as "one enabled admin stays" safe.
     */
    void bumpVersion(Connection c) throws SQLException;

    Map<Module, AccessLevel> userGrants(Connection c, UUID userId) throws SQLException;

    /** Replaces a user's direct grants; {@link AccessLevel#NONE} entries are dropped. */
    void replaceUserGrants(Connection c, UUID userId, Map<Module, AccessLevel> grants) throws SQLException;

    Map<Module, AccessLevel> groupGrants(Connection c, UUID groupId) throws SQLException;

    /** Replaces a group's grants; {@link AccessLevel#NONE} entries are dropped. */
    void replaceGroupGrants(Connection c, UUID groupId, Map<Module, AccessLevel> grants) throws SQLException;

    /** Every grant the user receives through a group. */
    List<GroupGrant> grantsThroughGroups(Connection c, UUID userId) throws SQLException;

    /**
     * The vault entries shared with any group the user belongs to, each with the highest share level, trash
     * included (a trashed entry can be restored).
     */
    Map<UUID, AccessLevel> vaultSharesOfUser(Connection c, UUID userId) throws SQLException;

    /** The vault entries shared with the group, each with its share level, trash included. */
    Map<UUID, AccessLevel> vaultSharesOfGroup(Connection c, UUID groupId) throws SQLException;
}
