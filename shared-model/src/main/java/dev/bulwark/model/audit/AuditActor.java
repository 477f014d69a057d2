package dev.bulwark.model.audit;

import java.util.UUID;

/**
 * Who did it, as known at the time of the record.
 *
 * @param kind a user, the server itself, or someone not signed in
 * @param userId the user's id; {@code null} unless {@code kind} is {@code USER}
 * @param email the user's email at the time, or the email an anonymous caller tried to sign in with
 */
public record AuditActor(Kind kind, UUID userId, String email) {
    /** The kinds of actor. */
    public enum Kind {
        USER,
        SYSTEM,
        ANONYMOUS
    }
}
