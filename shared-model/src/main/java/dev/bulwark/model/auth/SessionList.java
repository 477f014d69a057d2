package dev.bulwark.model.auth;

import java.util.List;

/**
 * The active sessions of a user, newest first.
 *
 * @param items the sessions
 */
public record SessionList(List<SessionInfo> items) {
    public SessionList {
        items = List.copyOf(items);
    }
}
