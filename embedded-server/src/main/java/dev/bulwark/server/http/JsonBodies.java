package dev.bulwark.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.bulwark.model.Json;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies strictly and writes JSON responses.
 *
 * <p>Reading refuses a body that is not {@code application/json} (415), is empty or malformed (400), or has
 * unknown fields, strings or lists over their {@link FieldLimits} or wrong types (400 with the fields listed). The submitted values never appear in an error.
 */
public final class JsonBodies {
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private JsonBodies() {}

    /** Reads the body as {@code type}. */
    public static <T> T read(ServerRequest req, Class<T> type) {
        requireJson(req);
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        if (body.length == 0) {
            throw ApiException.of(
                    ProblemType.MALFORMED_REQUEST, "The request body is empty; a JSON object is required.");
        }
        JsonNode tree;
        try {
            tree = Json.strict().readTree(body);
        } catch (IOException e) {
            throw ApiException.of(ProblemType.MALFORMED_REQUEST, "The request body is not valid JSON.");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.of(ProblemType.MALFORMED_REQUEST, "The request body must be a JSON object.");
        }
        Validator shape = new Validator();
        FieldLimits.check(type, tree, shape);
        if (shape.hasErrors()) {
            FieldLimits.checkRequired(type, tree, shape);
        }
        shape.throwIfInvalid();
        try {
            T value = Json.strict().treeToValue(tree, type);
            if (value == null) {
                throw ApiException.of(ProblemType.MALFORMED_REQUEST, "The request body must be a JSON object.");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid(path(e), "This field is not known.");
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) {
                throw ApiException.of(ProblemType.MALFORMED_REQUEST, "The request body must be a JSON object.");
            }
            throw ApiException.invalid(field, "This field has the wrong type.");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw field.isEmpty()
                    ? ApiException.of(ProblemType.MALFORMED_REQUEST, "The request body could not be read.")
                    : ApiException.invalid(field, "This field has an invalid value.");
        } catch (JsonProcessingException e) {
            throw ApiException.of(ProblemType.MALFORMED_REQUEST, "The request body could not be read.");
        }
    }

    private static void requireJson(ServerRequest req) {
        boolean json = req.headers()
                .contentType()
                .map(HttpMediaType::mediaType)
                .map(m -> m.type().equals("application") && m.subtype().equals("json"))
                .orElse(false);
        if (!json) {
            throw ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json.");
        }
    }

    private static String path(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        return path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** Writes {@code body} as JSON with {@code status}. */
    public static void write(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.lenient().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON_UTF8);
        res.send(bytes);
    }

    /** Writes {@code body} as JSON with 200 OK. */
    public static void ok(ServerResponse res, Object body) {
        write(res, Status.OK_200, body);
    }

    /** Answers 204 No Content. */
    public static void noContent(ServerResponse res) {
        res.status(Status.NO_CONTENT_204);
        res.send();
    }
}
