package dev.bulwark.model.token;

import java.util.List;

/**
 * A user's API tokens that are not revoked, newest first; expired ones stay listed until revoked.
 *
 * @param items the tokens
 */
public record ApiTokenList(List<ApiToken> items) {
    public ApiTokenList {
        items = List.copyOf(items);
    }
}
