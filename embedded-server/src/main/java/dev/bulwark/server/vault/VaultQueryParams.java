package dev.bulwark.server.vault;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.vault.EntryKind;
import io.helidon.common.parameters.Parameters;

/** Reads a vault list's query string; a malformed parameter is the client's mistake (400 naming it). */
final class VaultQueryParams {
    private VaultQueryParams() {}

    static VaultService.ListQuery from(Parameters query) {
        return new VaultService.ListQuery(
                query.first("q").orElse(null),
                query.first("tag").orElse(null),
                query.first("kind").map(VaultQueryParams::kind).orElse(null),
                query.first("trash").map("true"::equals).orElse(false),
                number(query, "offset"),
                number(query, "limit"));
    }

    private static EntryKind kind(String name) {
        try {
            return EntryKind.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("kind", "Use password, api-key, ssh-key, certificate or secure-note.");
        }
    }

    private static int number(Parameters query, String name) {
        String value = query.first(name).orElse("0");
        if (!value.matches("\\d{1,9}")) {
            throw ApiException.invalid(name, "Use a whole number.");
        }
        return Integer.parseInt(value);
    }
}
