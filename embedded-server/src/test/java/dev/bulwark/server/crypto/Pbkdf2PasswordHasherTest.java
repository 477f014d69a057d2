package dev.bulwark.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pbkdf2PasswordHasherTest {
    private final Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(1_000, 2);

    @AfterEach
    void close() {
        hasher.close();
    }

    @Test
    void hash_isSelfDescribingWithA16ByteSalt() {
        String hash = hasher.hash(Secret.of("a long enough password"));

        assertThat(hash).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void verify_acceptsTheRightPasswordOnly() {
        String hash = hasher.hash(Secret.of("a long enough password"));

        assertThat(hasher.verify(Secret.of("a long enough password"), hash)).isTrue();
        assertThat(hasher.verify(Secret.of("a long enough passwore"), hash)).isFalse();
    }

    @Test
    void samePassword_getsDifferentSalts() {
        assertThat(hasher.hash(Secret.of("same password here")))
                .isNotEqualTo(hasher.hash(Secret.of("same password here")));
    }

    @Test
    void malformedHash_neverMatches() {
        assertThat(hasher.verify(Secret.of("x"), "plain-text")).isFalse();
        assertThat(hasher.verify(Secret.of("x"), "pbkdf2-sha256$1000$!!$!!")).isFalse();
    }

    @Test
    void hashWithFewerIterations_needsRehash() {
        try (Pbkdf2PasswordHasher stronger = new Pbkdf2PasswordHasher(2_000, 1)) {
            String old = hasher.hash(Secret.of("a long enough password"));

            assertThat(stronger.needsRehash(old)).isTrue();
            assertThat(stronger.verify(Secret.of("a long enough password"), old))
                    .isTrue();
            assertThat(hasher.needsRehash(old)).isFalse();
        }
    }
}
