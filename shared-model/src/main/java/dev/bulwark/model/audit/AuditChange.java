package dev.bulwark.model.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One changed field of a diff: {@code {"old": ..., "new": ...}}. A field the entity does not declare as shown
 * in clear carries {@link #MASKED} on both sides; {@code null} means the field had no value.
 *
 * @param before the value before the change
 * @param after the value after the change
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditChange(
        @JsonProperty("old") String before,
        @JsonProperty("new") String after) {
    /** What a masked value reads as. */
    public static final String MASKED = "****";
}
