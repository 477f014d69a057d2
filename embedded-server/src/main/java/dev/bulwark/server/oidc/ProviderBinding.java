package dev.bulwark.server.oidc;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.oidc.LinkedIdentity;
import dev.bulwark.model.user.User;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.FirstFactor;
import dev.bulwark.server.auth.ProviderLinks;
import dev.bulwark.server.http.ClientInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One user, one account per provider (docs/decisions/0027): a provider account is bound to the user at the first
 * sign-in through it that completes, after the second factor when one is asked, and refused for anyone else.
 */
public final class ProviderBinding implements ProviderLinks {
    private final OidcRepository repository;
    private final AuditTrail audit;

    ProviderBinding(OidcRepository repository, AuditTrail audit) {
        this.repository = repository;
        this.audit = audit;
    }

    /** The binding over the server's database, recording in {@code audit}. */
    public static ProviderBinding create(AuditTrail audit) {
        return new ProviderBinding(new JdbcOidcRepository(), audit);
    }

    @Override
    public Optional<String> refusal(Connection c, User user, FirstFactor.ProviderAccount account) throws SQLException {
        Optional<LinkedIdentity> bound = repository.identityOf(c, user.id(), account.providerId());
        if (bound.isPresent()
                && !(bound.get().subject().equals(account.subject())
                        && bound.get().issuer().equals(account.issuer()))) {
            return Optional.of("The user is bound to another account at this provider (linked "
                    + bound.get().linkedAt() + "); the ID token names the subject " + describe(account.subject())
                    + ".");
        }
        Optional<Map.Entry<UUID, LinkedIdentity>> owner =
                repository.identityBySubject(c, account.providerId(), account.subject());
        if (owner.isPresent() && !owner.get().getKey().equals(user.id())) {
            return Optional.of("The provider account " + describe(account.subject()) + " is bound to another user.");
        }
        return Optional.empty();
    }

    @Override
    public void bind(Connection c, User user, FirstFactor.ProviderAccount account, ClientInfo client, Instant now)
            throws SQLException {
        Optional<LinkedIdentity> bound = repository.identityOf(c, user.id(), account.providerId());
        if (bound.isPresent()) {
            repository.touchIdentity(c, bound.get().id(), now);
            return;
        }
        StoredProvider provider = repository
                .findProvider(c, account.providerId())
                .orElseThrow(() -> new IllegalStateException("The provider of a pending sign-in was removed"));
        repository.insertIdentity(
                c,
                user.id(),
                new LinkedIdentity(
                        UUID.randomUUID(),
                        provider.id(),
                        provider.slug(),
                        provider.displayName(),
                        account.issuer(),
                        account.subject(),
                        now,
                        now));
        audit.record(
                c,
                AuditRecord.of(AuditAction.USER_IDENTITY_LINK, AuditOutcome.SUCCESS)
                        .actor(user)
                        .authMethod("oidc:" + provider.slug())
                        .from(client)
                        .target("user", user.id(), user.email())
                        .reason("Bound to the account " + describe(account.subject()) + " at " + provider.slug()
                                + " at its first sign-in."));
    }

    /** A subject or other provider value as it may appear in a sentence: safe characters, at most 40. */
    static String describe(String value) {
        if (value == null) {
            return "(none)";
        }
        String plain = value.replaceAll("[^A-Za-z0-9_.:-]", "?");
        return plain.length() > 40 ? plain.substring(0, 40) : plain;
    }
}
