package dev.bulwark.model.user;

import java.util.List;

/**
 * One page of a user search, sorted by email.
 *
 * @param items the users on this page
 * @param nextCursor pass as {@code cursor} to get the next page; {@code null} on the last page
 */
public record UserPage(List<UserDetails> items, String nextCursor) {
    public UserPage {
        items = List.copyOf(items);
    }
}
