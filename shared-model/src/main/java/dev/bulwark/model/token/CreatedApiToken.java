package dev.bulwark.model.token;

import dev.bulwark.model.Secret;

/**
 * A token just created: the only answer that ever holds its value. The server keeps only a SHA-256 of it, so a
 * lost value cannot be shown again; revoke the token and create another.
 *
 * @param token the token's details
 * @param value the token, {@code bwk_} followed by 256 random bits in base62; send it as {@code Authorization:
 *     Bearer <value>}
 */
public record CreatedApiToken(ApiToken token, Secret value) {}
