package dev.bulwark.model.server;

import java.time.Instant;

/**
 * What a signed-in user sees about the server on the dashboard ({@code GET /api/v1/server/status}).
 *
 * @param version the server's version
 * @param mode embedded or standalone
 * @param dataDirectory where the server keeps its files
 * @param database the database product and version, for example {@code H2 2.5.252}
 * @param startedAt when the server started
 * @param uptimeSeconds seconds since the server started
 * @param javaVersion the Java runtime's version
 */
public record ServerStatus(
        String version,
        ServerMode mode,
        String dataDirectory,
        String database,
        Instant startedAt,
        long uptimeSeconds,
        String javaVersion) {}
