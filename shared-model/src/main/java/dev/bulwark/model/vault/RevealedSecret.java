package dev.bulwark.model.vault;

import dev.bulwark.model.Secret;

/**
 * A revealed secret. The record prints masked, because the value is a {@link Secret}.
 *
 * @param field the field revealed
 * @param version the version of the value
 * @param value the value
 */
public record RevealedSecret(String field, int version, Secret value) {}
