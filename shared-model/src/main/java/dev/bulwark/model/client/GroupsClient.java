package dev.bulwark.model.client;

import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupDetails;
import dev.bulwark.model.group.GroupList;
import dev.bulwark.model.group.UpdateGroupRequest;
import dev.bulwark.model.permission.Grants;
import java.util.UUID;

/**
 * Groups, their members and grants ({@code /api/v1/groups}). Reading needs GROUPS READ, changing needs GROUPS
 * WRITE.
 */
public final class GroupsClient {
    private static final String BASE = "/api/v1/groups";

    private final Transport transport;

    GroupsClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/groups}. */
    public GroupList list() {
        return transport.sendAuthenticated("GET", BASE, null, GroupList.class);
    }

    /** {@code POST /api/v1/groups}. */
    public Group create(CreateGroupRequest request) {
        return transport.sendAuthenticated("POST", BASE, request, Group.class);
    }

    /** {@code GET /api/v1/groups/{id}}. */
    public GroupDetails get(UUID id) {
        return transport.sendAuthenticated("GET", BASE + "/" + id, null, GroupDetails.class);
    }

    /** {@code PUT /api/v1/groups/{id}}. */
    public Group update(UUID id, UpdateGroupRequest request) {
        return transport.sendAuthenticated("PUT", BASE + "/" + id, request, Group.class);
    }

    /** {@code DELETE /api/v1/groups/{id}}. */
    public void delete(UUID id) {
        transport.sendAuthenticated("DELETE", BASE + "/" + id, null, Void.class);
    }

    /** {@code PUT /api/v1/groups/{id}/members/{userId}}: {@code conflict} when already a member. */
    public void addMember(UUID id, UUID userId) {
        transport.sendAuthenticated("PUT", BASE + "/" + id + "/members/" + userId, null, Void.class);
    }

    /** {@code DELETE /api/v1/groups/{id}/members/{userId}}: {@code not-found} when not a member. */
    public void removeMember(UUID id, UUID userId) {
        transport.sendAuthenticated("DELETE", BASE + "/" + id + "/members/" + userId, null, Void.class);
    }

    /** {@code PUT /api/v1/groups/{id}/grants}: replaces the group's grants. */
    public Grants setGrants(UUID id, Grants grants) {
        return transport.sendAuthenticated("PUT", BASE + "/" + id + "/grants", grants, Grants.class);
    }
}
