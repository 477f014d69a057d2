package dev.bulwark.model.server;

/**
 * What anyone may know about a server before signing in ({@code GET /api/v1/server}).
 *
 * @param name always {@code Bulwark}
 * @param version the server's version
 * @param mode embedded or standalone
 * @param setupRequired whether the first administrator still has to be created
 */
public record ServerInfo(String name, String version, ServerMode mode, boolean setupRequired) {}
