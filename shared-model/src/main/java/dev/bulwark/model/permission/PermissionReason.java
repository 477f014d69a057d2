package dev.bulwark.model.permission;

import java.util.UUID;

/**
 * One link in the chain that explains a user's level on a module.
 *
 * @param kind what the reason is
 * @param level the level this reason gives (for {@link Kind#ROLE_CAP}: the most the role allows)
 * @param groupId the group, for {@link Kind#GROUP_GRANT}; otherwise {@code null}
 * @param groupName the group's name, for {@link Kind#GROUP_GRANT}; otherwise {@code null}
 * @param text the reason as a sentence a person understands
 */
public record PermissionReason(Kind kind, AccessLevel level, UUID groupId, String groupName, String text) {
    /** The kinds of reason. */
    public enum Kind {
        /** The ADMIN role gives WRITE everywhere, whatever the grants say. */
        ROLE,
        /** The role limits what grants can give (USER: READ at most). */
        ROLE_CAP,
        /** A grant made to the user directly. */
        DIRECT_GRANT,
        /** A grant made to a group the user belongs to. */
        GROUP_GRANT
    }
}
