package dev.bulwark.server.http;

import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects field errors of one request, so the client learns about every bad field at once. Messages never
 * repeat the submitted value.
 */
public final class Validator {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final int EMAIL_MAX = 254;

    private final List<FieldError> errors = new ArrayList<>();

    /** Requires a syntactically valid email of at most 254 characters. */
    public Validator email(String field, String value) {
        if (isBlank(value)) {
            return error(field, "An email address is required.");
        }
        if (value.length() > EMAIL_MAX || !EMAIL.matcher(value.strip()).matches()) {
            return error(field, "This is not a valid email address.");
        }
        return this;
    }

    /** Requires text of {@code min} to {@code max} characters after trimming. */
    public Validator text(String field, String value, int min, int max) {
        if (value == null || value.strip().length() < min) {
            return error(field, min <= 1 ? "This field is required." : "Use at least " + min + " characters.");
        }
        if (value.strip().length() > max) {
            return error(field, "Use at most " + max + " characters.");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
            return error(field, "Control characters are not allowed.");
        }
        return this;
    }

    /** Requires a secret to be present and not empty. */
    public Validator present(String field, Secret value) {
        if (value == null || value.isEmpty()) {
            return error(field, "This field is required.");
        }
        return this;
    }

    /** Adds an error found by other means. */
    public Validator error(String field, String message) {
        if (errors.stream().noneMatch(e -> e.field().equals(field))) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    /** Whether {@code field} already has an error. */
    public boolean hasError(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    /** Whether any field has an error. */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws a {@code validation-failed} problem listing every error, if there is any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
