package dev.bulwark.server.openapi;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of the endpoint table the OpenAPI document is built from.
 *
 * @param method the HTTP method
 * @param path the full path, with {@code {name}} for path parameters
 * @param summary one sentence on what it does
 * @param access who may call it
 * @param body the JSON request body type, or {@code null}
 * @param status the success status
 * @param answer the JSON answer type, or {@code null} (no body, or {@link #mediaType} says what it is)
 * @param mediaType the answer's media type
 * @param query the query parameters
 */
public record Operation(
        String method,
        String path,
        String summary,
        Access access,
        Class<?> body,
        int status,
        Class<?> answer,
        String mediaType,
        List<Param> query) {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([A-Za-z]+)}");

    /** Who may call an operation. */
    public enum Access {
        /** Anyone. */
        PUBLIC,
        /** A bearer access token or API token; the service checks the permission. */
        BEARER,
        /** Anyone when the server listens on loopback only; otherwise a bearer with SETTINGS READ. */
        OPERATOR
    }

    /**
     * A query parameter.
     *
     * @param name its name
     * @param type {@code string}, {@code integer} or {@code boolean}
     * @param format an OpenAPI format ({@code date-time}), or {@code null}
     * @param maxLength the longest accepted string, or 0
     */
    public record Param(String name, String type, String format, int maxLength) {
        static Param text(String name, int maxLength) {
            return new Param(name, "string", null, maxLength);
        }

        static Param integer(String name) {
            return new Param(name, "integer", "int64", 0);
        }

        static Param flag(String name) {
            return new Param(name, "boolean", null, 0);
        }

        static Param instant(String name) {
            return new Param(name, "string", "date-time", 40);
        }
    }

    static Operation get(String path, String summary) {
        return new Operation("GET", path, summary, Access.BEARER, null, 200, null, "application/json", List.of());
    }

    static Operation post(String path, String summary) {
        return new Operation("POST", path, summary, Access.BEARER, null, 200, null, "application/json", List.of());
    }

    static Operation put(String path, String summary) {
        return new Operation("PUT", path, summary, Access.BEARER, null, 200, null, "application/json", List.of());
    }

    static Operation delete(String path, String summary) {
        return new Operation("DELETE", path, summary, Access.BEARER, null, 204, null, null, List.of());
    }

    Operation open() {
        return new Operation(method, path, summary, Access.PUBLIC, body, status, answer, mediaType, query);
    }

    Operation operator() {
        return new Operation(method, path, summary, Access.OPERATOR, body, status, answer, mediaType, query);
    }

    Operation body(Class<?> type) {
        return new Operation(method, path, summary, access, type, status, answer, mediaType, query);
    }

    Operation answers(Class<?> type) {
        return answers(status == 204 ? 200 : status, type);
    }

    Operation answers(int code, Class<?> type) {
        return new Operation(method, path, summary, access, body, code, type, "application/json", query);
    }

    Operation noContent() {
        return new Operation(method, path, summary, access, body, 204, null, null, query);
    }

    Operation produces(String type) {
        return new Operation(method, path, summary, access, body, status, answer, type, query);
    }

    Operation query(Param... params) {
        return new Operation(method, path, summary, access, body, status, answer, mediaType, List.of(params));
    }

    /** The names of the path parameters, in order. */
    public List<String> pathParameters() {
        return PATH_PARAM.matcher(path).results().map(m -> m.group(1)).toList();
    }

    /** Matches this operation's path with its parameters filled in. */
    Pattern pattern() {
        return Pattern.compile(PATH_PARAM.matcher(Pattern.quote(path)).replaceAll("\\\\E[^/]+\\\\Q"));
    }
}
