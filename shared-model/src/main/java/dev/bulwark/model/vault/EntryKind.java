package dev.bulwark.model.vault;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What a vault entry holds; the wire name (for example {@code api-key}) is part of the API. */
public enum EntryKind {
    PASSWORD("password"),
    API_KEY("api-key"),
    SSH_KEY("ssh-key"),
    CERTIFICATE("certificate"),
    SECURE_NOTE("secure-note");

    private final String wireName;

    EntryKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in query strings. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The kind named {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name (the server answers 400 naming the field)
     */
    @JsonCreator
    public static EntryKind fromWireName(String name) {
        return Arrays.stream(values())
                .filter(k -> k.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown entry kind"));
    }
}
