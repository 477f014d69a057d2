package dev.bulwark.model.mfa;

import java.util.List;

/**
 * A user's known addresses, most recently seen first.
 *
 * @param items the addresses
 */
public record KnownIpList(List<KnownIp> items) {
    public KnownIpList {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
