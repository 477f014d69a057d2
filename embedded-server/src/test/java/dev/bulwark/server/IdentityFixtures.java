package dev.bulwark.server;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;

/** Users and signed-in clients for identity tests, made through the API like a person would. */
public final class IdentityFixtures {
    /** The password every fixture user gets; it passes the password policy. */
    public static final String PASSWORD = "violet tangerine oboe 7731";

    private IdentityFixtures() {}

    /** A client signed in as the first administrator. */
    public static BulwarkClient admin(BulwarkServer server) {
        return signIn(server, TestServers.ADMIN_EMAIL, TestServers.ADMIN_PASSWORD);
    }

    /** A client signed in as {@code email} with {@link #PASSWORD}. */
    public static BulwarkClient signIn(BulwarkServer server, String email) {
        return signIn(server, email, PASSWORD);
    }

    public static BulwarkClient signIn(BulwarkServer server, String email, String password) {
        BulwarkClient client = new BulwarkClient(server.baseUri());
        client.auth().login(new LoginRequest(email, Secret.of(password)));
        return client;
    }

    /** Creates a user with {@link #PASSWORD}. */
    public static UserDetails createUser(BulwarkClient admin, String email, String name, Role role) {
        return admin.users().create(new CreateUserRequest(email, name, role, Secret.of(PASSWORD), null));
    }
}
