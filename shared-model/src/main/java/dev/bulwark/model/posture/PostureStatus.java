package dev.bulwark.model.posture;

/** The verdict of one posture check. */
public enum PostureStatus {
    /** The server is set up as recommended. */
    PASS,
    /** Worth fixing, or not checkable yet; nothing is known to be exposed. */
    WARN,
    /** Something is exposed or broken: fix before relying on the server. */
    FAIL
}
