package dev.bulwark.server.http;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import io.helidon.webserver.http.ServerRequest;
import java.util.UUID;

/** Reads path parameters; a malformed one is the client's mistake (400), never a server error. */
public final class PathParams {
    private PathParams() {}

    /** The path parameter {@code name} as a UUID. */
    public static UUID uuid(ServerRequest req, String name) {
        String value = req.path().pathParameters().first(name).orElse("");
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.of(ProblemType.MALFORMED_REQUEST, "The " + name + " in the path is not a valid id.");
        }
    }

    /** The path parameter {@code name} as a non-negative whole number. */
    public static int integer(ServerRequest req, String name) {
        String value = req.path().pathParameters().first(name).orElse("");
        if (!value.matches("\\d{1,9}")) {
            throw ApiException.of(ProblemType.MALFORMED_REQUEST, "The " + name + " in the path is not a number.");
        }
        return Integer.parseInt(value);
    }
}
