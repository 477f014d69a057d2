package dev.bulwark.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private static final PasswordPolicy POLICY = PasswordPolicy.load();

    @Test
    void bundledList_holdsTheHundredThousandMostCommonPasswords() {
        assertThat(POLICY.commonPasswordCount()).isGreaterThanOrEqualTo(99_000);
    }

    @Test
    void evaluate_scoresAcceptedPasswordsAndGivesZeroToRefusedOnes() {
        var strong = POLICY.evaluate(Secret.of("Quarry-lantern-Otter-58-velvet"), List.of());
        var weak = POLICY.evaluate(Secret.of("aaaaaaaaaaaaaaa"), List.of());
        var personal = POLICY.evaluate(Secret.of("margaret-hamilton-2026"), List.of("margaret@example.com"));

        assertThat(strong.acceptable()).isTrue();
        assertThat(strong.score()).isBetween(3, 4);
        assertThat(weak.acceptable()).isFalse();
        assertThat(weak.message()).contains("too easy to guess");
        assertThat(personal.acceptable()).isFalse();
        assertThat(personal.score()).isZero();
        assertThat(personal.message()).isEqualTo("Do not build the password from your email or name.");
    }

    @Test
    void elevenCharacters_areTooShort() {
        assertThat(POLICY.check(Secret.of("abcdefghijk"), List.of())).contains("Use at least 12 characters.");
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertThat(POLICY.check(Secret.of("ünïcödé pässwörd ünïcödé"), List.of()))
                .isEmpty();
        assertThat(POLICY.check(Secret.of("🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐"), List.of()))
                .contains("Use at least 12 characters.");
    }

    @Test
    void over128Characters_areTooLong() {
        assertThat(POLICY.check(Secret.of("x".repeat(129)), List.of())).contains("Use at most 128 characters.");
    }

    @Test
    void commonPassword_isRefusedWhateverItsCase() {
        assertThat(POLICY.check(Secret.of("QWERTYUIOPASDFGHJKL"), List.of()).orElseThrow())
                .contains("most common passwords");
    }

    @Test
    void easyToGuessPassword_isRefusedWithAReason() {
        assertThat(POLICY.check(Secret.of("aaaaaaaaaaaaaaaa"), List.of()).orElseThrow())
                .startsWith("This password is too easy to guess.");
    }

    @Test
    void passwordBuiltFromTheUsersOwnEmail_isRefused() {
        assertThat(POLICY.check(
                        Secret.of("margaret.hamilton2024"), List.of("margaret.hamilton@example.com", "Margaret")))
                .contains("Do not build the password from your email or name.");
    }

    @Test
    void longPassphrase_isAccepted() {
        assertThat(POLICY.check(Secret.of("correct horse battery staple 42"), List.of()))
                .isEmpty();
    }
}
