package dev.bulwark.model.token;

import dev.bulwark.model.permission.Module;
import java.util.List;

/**
 * Creates an API token for the signed-in user ({@code POST /api/v1/me/tokens}). Needs a signed-in session: an
 * API token cannot create tokens.
 *
 * @param name what to call it, 1 to 100 characters
 * @param expiresInDays how many days from now it works, 1 to 365; {@code null} for the default of 90
 * @param modules the modules to narrow it to (at least one); {@code null} for every module the owner may use
 * @param readOnly whether to cap it at READ; {@code null} for {@code false}
 */
public record CreateApiTokenRequest(String name, Integer expiresInDays, List<Module> modules, Boolean readOnly) {
    /** A token with the default expiry, every module and no read-only cap. */
    public static CreateApiTokenRequest named(String name) {
        return new CreateApiTokenRequest(name, null, null, null);
    }
}
