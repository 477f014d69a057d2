package dev.bulwark.server.auth;

import dev.bulwark.model.user.User;
import dev.bulwark.server.http.ClientInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The binding of users to identity-provider accounts, as a sign-in sees it (docs/decisions/0027): checked before a
 * sign-in through a provider goes on, written once it has completed (after the second factor, if one is asked).
 */
public interface ProviderLinks {
    /** Why {@code account} may not sign in as {@code user}, or empty. */
    Optional<String> refusal(Connection c, User user, FirstFactor.ProviderAccount account) throws SQLException;

    /** Binds {@code account} to {@code user} at its first completed sign-in (audited), or notes its use. */
    void bind(Connection c, User user, FirstFactor.ProviderAccount account, ClientInfo client, Instant now)
            throws SQLException;
}
