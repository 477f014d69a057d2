package dev.bulwark.model.group;

import java.util.List;

/**
 * Every group, sorted by name.
 *
 * @param items the groups
 */
public record GroupList(List<Group> items) {
    public GroupList {
        items = List.copyOf(items);
    }
}
