package dev.bulwark.desktop.ui;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks a form makes before it sends anything, so a person hears about a typo at once. The server checks
 * again and has the last word (for example on common passwords).
 */
public final class FieldChecks {
    /** The password policy's bounds, counted in characters (code points). */
    public static final int PASSWORD_MIN = 12;

    public static final int PASSWORD_MAX = 128;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");
    private static final int EMAIL_MAX = 254;

    private FieldChecks() {}

    /** What is wrong with an email address, if anything. */
    public static Optional<String> email(String email) {
        String trimmed = email == null ? "" : email.strip();
        if (trimmed.isEmpty()) {
            return Optional.of("Enter an email address.");
        }
        if (trimmed.length() > EMAIL_MAX || !EMAIL.matcher(trimmed).matches()) {
            return Optional.of("Enter an email address like name@example.com.");
        }
        return Optional.empty();
    }

    /** What is wrong with a required text, if anything. */
    public static Optional<String> required(String value, String sentenceWhenEmpty) {
        return value == null || value.isBlank() ? Optional.of(sentenceWhenEmpty) : Optional.empty();
    }

    /** What is wrong with a new password's length, if anything. */
    public static Optional<String> newPassword(String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN) {
            return Optional.of("Use at least " + PASSWORD_MIN + " characters.");
        }
        if (length > PASSWORD_MAX) {
            return Optional.of("Use at most " + PASSWORD_MAX + " characters.");
        }
        return Optional.empty();
    }

    /** Whether the confirmation repeats the password. */
    public static Optional<String> confirmation(String password, String confirmation) {
        return Objects.equals(password, confirmation) ? Optional.empty() : Optional.of("The passwords do not match.");
    }
}
