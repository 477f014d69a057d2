package dev.bulwark.model.group;

import dev.bulwark.model.permission.Grants;
import java.util.List;

/**
 * A group with its members (sorted by email) and grants ({@code GET /api/v1/groups/{id}}).
 *
 * @param group the group
 * @param members its members
 * @param grants what it grants its members
 */
public record GroupDetails(Group group, List<GroupMember> members, Grants grants) {
    public GroupDetails {
        members = List.copyOf(members);
    }
}
