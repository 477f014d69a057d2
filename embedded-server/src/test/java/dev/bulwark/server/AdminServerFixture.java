package dev.bulwark.server;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For integration tests: a real embedded server on a fresh H2 file, its first administrator signed in. */
public abstract class AdminServerFixture {
    @TempDir
    protected Path dir;

    protected BulwarkServer server;
    protected BulwarkClient admin;
    protected UUID adminId;

    @BeforeEach
    void startServerWithAdmin() {
        server = TestServers.embedded(dir);
        adminId = TestServers.createAdmin(server).id();
        admin = IdentityFixtures.admin(server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The problem {@code call} fails with. */
    protected static ApiException failure(Runnable call) {
        return catchThrowableOfType(ApiException.class, call::run);
    }
}
