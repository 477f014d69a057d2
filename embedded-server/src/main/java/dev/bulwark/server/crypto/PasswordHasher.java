package dev.bulwark.server.crypto;

import dev.bulwark.model.Secret;

/**
 * Hashes and verifies passwords.
 *
 * <p>Hashes are self-describing ({@code pbkdf2-sha256$iterations$salt$hash}), so the iteration count can be
 * raised and old hashes upgraded at the next sign-in. Hashing runs on a bounded pool: callers block while the
 * pool is busy, so a flood of sign-ins cannot take every core.
 */
public interface PasswordHasher {
    /** A new hash with a fresh 16-byte salt and the current iteration count. */
    String hash(Secret password);

    /** Whether {@code password} matches {@code storedHash}; a malformed hash never matches. */
    boolean verify(Secret password, String storedHash);

    /** Spends the time of one verification without a stored hash, so an unknown account costs the same. */
    void verifyNothing(Secret password);

    /** Whether {@code storedHash} was made with weaker parameters than the current ones. */
    boolean needsRehash(String storedHash);
}
