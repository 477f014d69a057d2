package dev.bulwark.server.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.user.JdbcUserRepository;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache against a real database: it serves from memory until the permissions version moves. */
class PermissionCacheIT {
    @TempDir
    Path dir;

    private Database database;
    private Transactions tx;
    private final JdbcPermissionRepository stored = new JdbcPermissionRepository();
    private final AtomicInteger computations = new AtomicInteger();
    private PermissionCache cache;
    private UUID userId;

    @BeforeEach
    void open() {
        database = Database.open(ServerSettings.embedded(dir, TestServers.environment(dir, java.util.Map.of())));
        tx = new Transactions(database);
        JdbcUserRepository users = new JdbcUserRepository();
        cache = new PermissionCache(tx, users, new CountingRepository());
        Instant now = Instant.now();
        userId = UUID.randomUUID();
        tx.write(c -> {
            users.insert(c, new User(userId, "eve@example.com", "Eve", Role.EDITOR, true, false, now, now, null), null);
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void repeatedLookups_areServedFromMemory() {
        cache.permissionsOf(userId);
        cache.permissionsOf(userId);
        cache.permissionsOf(userId);

        assertThat(computations).hasValue(1);
    }

    @Test
    void aBumpedVersion_makesTheNextLookupRecompute_andSeeTheChange() {
        assertThat(cache.permissionsOf(userId).orElseThrow().levelOf(Module.VAULT))
                .isEqualTo(AccessLevel.NONE);

        tx.write(c -> {
            stored.replaceUserGrants(c, userId, Map.of(Module.VAULT, AccessLevel.WRITE));
            stored.bumpVersion(c);
            return null;
        });

        assertThat(cache.permissionsOf(userId).orElseThrow().levelOf(Module.VAULT))
                .isEqualTo(AccessLevel.WRITE);
        assertThat(computations).hasValue(2);
    }

    @Test
    void anUnknownUser_hasNoPermissions() {
        assertThat(cache.permissionsOf(UUID.randomUUID())).isEmpty();
    }

    /** The real repository, counting how often permissions are computed from the tables. */
    private final class CountingRepository implements PermissionRepository {
        @Override
        public long version(Connection c) throws SQLException {
            return stored.version(c);
        }

        @Override
        public void bumpVersion(Connection c) throws SQLException {
            stored.bumpVersion(c);
        }

        @Override
        public Map<Module, AccessLevel> userGrants(Connection c, UUID id) throws SQLException {
            computations.incrementAndGet();
            return stored.userGrants(c, id);
        }

        @Override
        public void replaceUserGrants(Connection c, UUID id, Map<Module, AccessLevel> grants) throws SQLException {
            stored.replaceUserGrants(c, id, grants);
        }

        @Override
        public Map<Module, AccessLevel> groupGrants(Connection c, UUID groupId) throws SQLException {
            return stored.groupGrants(c, groupId);
        }

        @Override
        public void replaceGroupGrants(Connection c, UUID groupId, Map<Module, AccessLevel> grants)
                throws SQLException {
            stored.replaceGroupGrants(c, groupId, grants);
        }

        @Override
        public List<GroupGrant> grantsThroughGroups(Connection c, UUID id) throws SQLException {
            return stored.grantsThroughGroups(c, id);
        }

        @Override
        public Map<UUID, AccessLevel> vaultSharesOfUser(Connection c, UUID id) throws SQLException {
            return stored.vaultSharesOfUser(c, id);
        }

        @Override
        public Map<UUID, AccessLevel> vaultSharesOfGroup(Connection c, UUID groupId) throws SQLException {
            return stored.vaultSharesOfGroup(c, groupId);
        }
    }
}
