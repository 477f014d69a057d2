package dev.bulwark.model.oidc;

import java.util.List;

/** A user's linked provider accounts, oldest first. */
public record LinkedIdentityList(List<LinkedIdentity> identities) {
    public LinkedIdentityList {
        identities = identities == null ? List.of() : List.copyOf(identities);
    }
}
