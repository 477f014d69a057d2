package dev.bulwark.server.auth;

import com.google.crypto.tink.Aead;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.crypto.EcKeySealer;
import dev.bulwark.server.db.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The ES256 key set that signs access tokens.
 *
 * <p>Private keys are stored encrypted with the server's Tink key set (associated data: the key id). When the
 * signing key is older than the rotation period, {@link #rotateIfDue} adds the next key, which is published at
 * the JWKS endpoint at once and starts signing {@link #PUBLISH_AHEAD} later; the previous keys stay published
 * until every token they signed has expired. Each rotation is audited ({@code signing-key.rotate}) in the
 * transaction that stores the key, so a key is never added without its record.
 *
 * <p>Several nodes: the keys are the database's. Each node re-reads them at most once per reload interval (of
 * elapsed time on the node, whatever the clock that dates tokens says), which must be well under {@link
 * #PUBLISH_AHEAD}, so every node knows (and publishes) a key before any node signs with it, and a node that rotates
 * never makes a token another node cannot verify (docs/decisions/0039-keys-and-caches-across-nodes.md). Adding a
 * key locks the newest key's row, so two nodes that find rotation due at once add one key between them.
 */
public final class SigningKeys {
    /** How long a new key is published before it signs. */
    public static final Duration PUBLISH_AHEAD = Duration.ofMinutes(1);

    /**
     * How often the background job looks whether rotation is due; it only delays the rotation, a key added is
     * always published {@link #PUBLISH_AHEAD} before it signs.
     */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

    private static final String ALGORITHM = "ES256";

    private final Transactions tx;
    private final SigningKeyRepository repository;
    private final EcKeySealer sealer;
    private final Duration rotation;
    private final Duration tokenLifetime;
    private final Duration reloadInterval;
    private final AuditTrail trail;
    private final Clock clock;
    private volatile Loaded loaded;

    private record StoredKey(ECKey key, Instant activatesAt, Instant retiredAt) {}

    /** The keys newest first, and when they were read ({@link System#nanoTime}: elapsed time on this node). */
    private record Loaded(List<StoredKey> keys, long readAtNanos) {}

    private SigningKeys(
            Transactions tx,
            SigningKeyRepository repository,
            Aead aead,
            Duration rotation,
            Duration tokenLifetime,
            Duration reloadInterval,
            AuditTrail trail,
            Clock clock) {
        this.tx = tx;
        this.repository = repository;
        this.sealer = new EcKeySealer(aead, "bulwark:signing-key");
        this.rotation = rotation;
        this.tokenLifetime = tokenLifetime;
        this.reloadInterval = reloadInterval;
        this.trail = trail;
        this.clock = clock;
    }

    /**
     * Loads the stored keys, making the first one (signing at once) when there is none; that one is part of setting
     * up the database, like the other key sets, and not audited.
     */
    public static SigningKeys load(
            Transactions tx,
            SigningKeyRepository repository,
            Aead aead,
            Duration rotation,
            Duration tokenLifetime,
            Duration reloadInterval,
            AuditTrail trail,
            Clock clock) {
        SigningKeys keys = new SigningKeys(tx, repository, aead, rotation, tokenLifetime, reloadInterval, trail, clock);
        keys.reload();
        if (keys.loaded.keys().isEmpty()) {
            keys.add(Duration.ZERO, false);
        }
        return keys;
    }

    /** The key that signs new tokens: the newest one whose time has come. */
    public ECKey current() {
        return signing(keys()).key();
    }

    /** The public key with id {@code kid}, if it may still verify tokens. */
    public Optional<ECKey> verificationKey(String kid) {
        return keys().stream()
                .filter(k -> k.key().getKeyID().equals(kid))
                .filter(this::stillVerifies)
                .map(k -> k.key().toPublicJWK())
                .findFirst();
    }

    /** The public keys that may verify tokens, the next one included, as published at {@code /.well-known/jwks.json}. */
    public JWKSet publicKeys() {
        return new JWKSet(keys().stream()
                .filter(this::stillVerifies)
                .map(k -> (com.nimbusds.jose.jwk.JWK) k.key().toPublicJWK())
                .toList());
    }

    /** When the signing key started signing; for the posture report. */
    public Instant currentKeyCreatedAt() {
        return signing(keys()).activatesAt();
    }

    /**
     * Adds the next key when the signing key is due for rotation and no next key is published yet; run by the
     * background jobs on one node at a time. Returns whether it added one.
     */
    public boolean rotateIfDue() {
        Instant now = clock.instant();
        List<StoredKey> keys = keys();
        StoredKey newest = keys.getFirst();
        if (newest.activatesAt().isAfter(now)
                || newest.activatesAt().plus(rotation).isAfter(now.plus(PUBLISH_AHEAD))) {
            return false;
        }
        return add(PUBLISH_AHEAD, true);
    }

    private StoredKey signing(List<StoredKey> keys) {
        Instant now = clock.instant();
        return keys.stream()
                .filter(k -> !k.activatesAt().isAfter(now))
                .findFirst()
                .orElse(keys.getLast());
    }

    private boolean stillVerifies(StoredKey k) {
        return k.retiredAt() == null || k.retiredAt().plus(tokenLifetime).isAfter(clock.instant());
    }

    private List<StoredKey> keys() {
        Loaded l = loaded;
        if (System.nanoTime() - l.readAtNanos() < reloadInterval.toNanos()) {
            return l.keys();
        }
        return reload();
    }

    /**
     * Adds a key that signs {@code ahead} from now, unless another node added one since the newest was read;
     * {@code audited}: with its {@code signing-key.rotate} record, in the same transaction.
     */
    private synchronized boolean add(Duration ahead, boolean audited) {
        Instant now = clock.instant();
        Instant activatesAt = now.plus(ahead);
        ECKey key = EcKeySealer.generate(now);
        String sealed = sealer.seal(key);
        boolean added = tx.write(c -> {
            Optional<SigningKeyRepository.StoredSigningKey> newest = repository.lockNewest(c);
            if (newest.isPresent()
                    && (newest.get().activatesAt().isAfter(now)
                            || newest.get().activatesAt().plus(rotation).isAfter(now.plus(ahead)))) {
                return false;
            }
            repository.retireAll(c, activatesAt);
            repository.insert(
                    c,
                    new SigningKeyRepository.StoredSigningKey(key.getKeyID(), sealed, now, activatesAt, null),
                    ALGORITHM,
                    key.toPublicJWK().toJSONString());
            if (audited) {
                trail.record(
                        c,
                        AuditRecord.of(AuditAction.SIGNING_KEY_ROTATE, AuditOutcome.SUCCESS)
                                .target("signing-key", key.getKeyID(), "access-token signing key " + key.getKeyID())
                                .reason("Published now, signs from " + activatesAt.truncatedTo(ChronoUnit.SECONDS)
                                        + "; the previous key stays published until the tokens it signed expire."));
            }
            return true;
        });
        reload();
        return added;
    }

    private synchronized List<StoredKey> reload() {
        long now = System.nanoTime();
        List<StoredKey> keys = new ArrayList<>(tx.read(repository::all).stream()
                .map(k -> new StoredKey(sealer.open(k.kid(), k.sealedPrivateJwk()), k.activatesAt(), k.retiredAt()))
                .toList());
        keys.sort(Comparator.comparing(StoredKey::activatesAt).reversed());
        loaded = new Loaded(List.copyOf(keys), now);
        return loaded.keys();
    }
}
