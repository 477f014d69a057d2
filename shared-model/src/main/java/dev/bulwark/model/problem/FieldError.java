package dev.bulwark.model.problem;

/**
 * One invalid field of a request.
 *
 * @param field the field's JSON name, for example {@code email}
 * @param message a sentence a person understands, never the submitted value
 */
public record FieldError(String field, String message) {}
