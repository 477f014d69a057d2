package dev.bulwark.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A secret string on its way through the system: a password, a token, a setup code.
 *
 * <p>Security guarantee: {@link #toString()} never shows the value, and there is no {@code equals} or {@code
 * hashCode}, so a secret cannot leak through logging, string concatenation, exception messages or collection
 * dumps. The only way to read it is {@link #reveal()}, which is easy to search for in a review. JSON binding
 * reveals it on purpose: a secret sent over the API has to be written on the wire.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a secret value; {@code null} is refused. */
    @JsonCreator
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** Returns the secret value. Every call site is a place where the secret leaves its wrapper. */
    @JsonValue
    public String reveal() {
        return value;
    }

    /** Whether the secret is the empty string. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The length in UTF-16 code units; safe to log. */
    public int length() {
        return value.length();
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
