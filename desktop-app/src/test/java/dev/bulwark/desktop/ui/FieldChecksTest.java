package dev.bulwark.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldChecksTest {

    @Test
    void plainEmail_passes() {
        assertThat(FieldChecks.email("ada@example.com")).isEmpty();
    }

    @Test
    void emailWithoutDomain_isRefused() {
        assertThat(FieldChecks.email("ada@example")).contains("Enter an email address like name@example.com.");
        assertThat(FieldChecks.email("ada")).contains("Enter an email address like name@example.com.");
    }

    @Test
    void blankEmail_asksForOne() {
        assertThat(FieldChecks.email("  ")).contains("Enter an email address.");
    }

    @Test
    void elevenCharacters_areTooShort() {
        assertThat(FieldChecks.newPassword("a".repeat(11))).contains("Use at least 12 characters.");
        assertThat(FieldChecks.newPassword("a".repeat(12))).isEmpty();
    }

    @Test
    void passwordLength_countsCharactersNotCodeUnits() {
        String elevenEmoji = "\uD83D\uDD12".repeat(11);

        assertThat(FieldChecks.newPassword(elevenEmoji)).contains("Use at least 12 characters.");
    }

    @Test
    void morethan128Characters_areTooLong() {
        assertThat(FieldChecks.newPassword("a".repeat(128))).isEmpty();
        assertThat(FieldChecks.newPassword("a".repeat(129))).contains("Use at most 128 characters.");
    }

    @Test
    void differentConfirmation_isRefused() {
        assertThat(FieldChecks.confirmation("one", "two")).contains("The passwords do not match.");
        assertThat(FieldChecks.confirmation("same", "same")).isEmpty();
    }
}
