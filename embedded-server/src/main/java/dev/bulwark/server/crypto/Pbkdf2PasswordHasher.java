package dev.bulwark.server.crypto;

import dev.bulwark.model.Secret;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2-HMAC-SHA256 with a 16-byte salt and a 32-byte output, computed on a fixed pool of platform threads. */
public final class Pbkdf2PasswordHasher implements PasswordHasher, AutoCloseable {
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final String THREAD_PREFIX = "password-hash-";

    private final int iterations;
    private final ExecutorService pool;
    private final SecureRandom random = new SecureRandom();
    private final Future<String> decoy;

    public Pbkdf2PasswordHasher(int iterations, int threads) {
        this.iterations = iterations;
        this.pool = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name(THREAD_PREFIX, 0).daemon().factory());
        // computed on the pool while the server starts; the first unknown-email sign-in waits for it
        this.decoy = pool.submit(() -> hash(Secret.of("decoy password that nobody has")));
    }

    @Override
    public String hash(Secret password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public boolean verify(Secret password, String storedHash) {
        ParsedHash parsed = ParsedHash.parse(storedHash);
        if (parsed == null) {
            verifyNothing(password);
            return false;
        }
        byte[] actual = derive(password, parsed.salt(), parsed.iterations());
        return MessageDigest.isEqual(actual, parsed.hash());
    }

    @Override
    public void verifyNothing(Secret password) {
        verify(password, await(decoy));
    }

    @Override
    public boolean needsRehash(String storedHash) {
        ParsedHash parsed = ParsedHash.parse(storedHash);
        return parsed == null || parsed.iterations() < iterations;
    }

    private byte[] derive(Secret password, byte[] salt, int rounds) {
        if (Thread.currentThread().getName().startsWith(THREAD_PREFIX)) {
            try {
                return pbkdf2(password, salt, rounds); // already on the pool (the decoy)
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Password hashing failed", e);
            }
        }
        return await(pool.submit(() -> pbkdf2(password, salt, rounds)));
    }

    private static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Password hashing failed", e.getCause());
        }
    }

    private static byte[] pbkdf2(Secret password, byte[] salt, int rounds) throws GeneralSecurityException {
        char[] chars = password.reveal().toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private record ParsedHash(int iterations, byte[] salt, byte[] hash) {
        static ParsedHash parse(String stored) {
            if (stored == null) {
                return null;
            }
            String[] parts = stored.split("\\$");
            if (parts.length != 4 || !parts[0].equals(PREFIX)) {
                return null;
            }
            try {
                Base64.Decoder b64 = Base64.getDecoder();
                return new ParsedHash(Integer.parseInt(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
