package dev.bulwark.model.server;

/** How a server runs: inside the desktop application, or on a host of its own. */
public enum ServerMode {
    EMBEDDED,
    STANDALONE
}
