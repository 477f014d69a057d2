package dev.bulwark.server.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.Problem;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.http.FieldLimits;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds the OpenAPI 3.1 document from {@link ApiOperations}: request and answer schemas come from the wire
 * records themselves (so a renamed field cannot drift), lengths and required fields from {@link FieldLimits}.
 */
public final class OpenApiDocument {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    private OpenApiDocument() {}

    /** The document for {@code operations}, as UTF-8 JSON. */
    public static byte[] render(List<Operation> operations, String version) {
        try {
            return Json.lenient().writerWithDefaultPrettyPrinter().writeValueAsBytes(build(operations, version));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The OpenAPI document cannot be written", e);
        }
    }

    /** The document for {@code operations}. */
    public static ObjectNode build(List<Operation> operations, String version) {
        return new OpenApiDocument().document(operations, version);
    }

    private ObjectNode document(List<Operation> operations, String version) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info")
                .put("title", "Bulwark API")
                .put("version", version)
                .put(
                        "description",
                        "JSON bodies only (415 otherwise), at most 1 MiB (413); unknown fields and over-long values are"
                                + " refused with a field list (400). Every error is application/problem+json.");
        ObjectNode paths = doc.putObject("paths");
        for (Operation op : operations) {
            ObjectNode item = paths.has(op.path()) ? (ObjectNode) paths.get(op.path()) : paths.putObject(op.path());
            item.set(op.method().toLowerCase(java.util.Locale.ROOT), operation(op));
        }
        ObjectNode components = doc.putObject("components");
        components
                .putObject("securitySchemes")
                .putObject("bearer")
                .put("type", "http")
                .put("scheme", "bearer")
                .put("description", "An access token from sign-in, or an API token.");
        ref(Problem.class);
        ObjectNode responses = components.putObject("responses");
        for (ProblemType type : ProblemType.values()) {
            if (type.status() >= 400) {
                responses.set(problemName(type.status()), problemResponse(type.status()));
            }
        }
        ObjectNode schemaNodes = components.putObject("schemas");
        schemas.forEach(schemaNodes::set);
        return doc;
    }

    private ObjectNode operation(Operation op) {
        ObjectNode node = NODES.objectNode();
        node.put("summary", op.summary());
        node.put(
                "operationId",
                op.method().toLowerCase(java.util.Locale.ROOT) + "_"
                        + op.path().replaceAll("[^A-Za-z0-9]+", " ").strip().replace(' ', '_'));
        switch (op.access()) {
            case PUBLIC -> node.putArray("security").addObject();
            case BEARER -> node.putArray("security").addObject().putArray("bearer");
            case OPERATOR -> {
                ArrayNode security = node.putArray("security");
                security.addObject().putArray("bearer");
                security.addObject();
                node.put("description", "Open on a loopback listener; otherwise needs a bearer with SETTINGS READ.");
            }
        }
        ArrayNode params = NODES.arrayNode();
        for (String name : op.pathParameters()) {
            ObjectNode p =
                    params.addObject().put("name", name).put("in", "path").put("required", true);
            p.set(
                    "schema",
                    name.equals("seq") || name.equals("n")
                            ? NODES.objectNode().put("type", "integer").put("minimum", 1)
                            : NODES.objectNode().put("type", "string").put("format", "uuid"));
        }
        for (Operation.Param q : op.query()) {
            ObjectNode schema = NODES.objectNode().put("type", q.type());
            if (q.format() != null) {
                schema.put("format", q.format());
            }
            if (q.maxLength() > 0) {
                schema.put("maxLength", q.maxLength());
            }
            params.addObject().put("name", q.name()).put("in", "query").set("schema", schema);
        }
        if (!params.isEmpty()) {
            node.set("parameters", params);
        }
        if (op.body() != null) {
            node.putObject("requestBody")
                    .put("required", true)
                    .putObject("content")
                    .putObject("application/json")
                    .set("schema", ref(op.body()));
        }
        ObjectNode responses = node.putObject("responses");
        ObjectNode success = responses.putObject(Integer.toString(op.status()));
        success.put("description", op.status() == 204 ? "Done." : "Success.");
        if (op.answer() != null) {
            success.putObject("content").putObject(op.mediaType()).set("schema", ref(op.answer()));
        } else if (op.mediaType() != null) {
            success.putObject("content").putObject(op.mediaType());
        }
        if (op.body() != null || !op.query().isEmpty() || !op.pathParameters().isEmpty()) {
            problem(responses, 400);
        }
        if (op.access() != Operation.Access.PUBLIC || op.body() != null) {
            problem(responses, 401);
        }
        if (op.access() != Operation.Access.PUBLIC || op.path().equals("/api/v1/setup")) {
            problem(responses, 403);
        }
        if (!op.pathParameters().isEmpty()) {
            problem(responses, 404);
        }
        if (op.body() != null
                && (op.access() != Operation.Access.PUBLIC || op.path().equals("/api/v1/setup"))) {
            problem(responses, 409);
        }
        if (op.body() != null) {
            problem(responses, 413);
            problem(responses, 415);
        }
        problem(responses, 429);
        problem(responses, 500);
        return node;
    }

    private static void problem(ObjectNode responses, int status) {
        responses.putObject(Integer.toString(status)).put("$ref", "#/components/responses/" + problemName(status));
    }

    private static String problemName(int status) {
        return "Problem" + status;
    }

    private ObjectNode problemResponse(int status) {
        StringBuilder types = new StringBuilder("A problem document; its type is one of ");
        String separator = "";
        for (ProblemType type : ProblemType.values()) {
            if (type.status() == status) {
                types.append(separator).append(type.uri());
                separator = ", ";
            }
        }
        ObjectNode response = NODES.objectNode().put("description", types.toString());
        response.putObject("content").putObject(Problem.MEDIA_TYPE).set("schema", ref(Problem.class));
        return response;
    }

    private ObjectNode ref(Class<?> type) {
        if (!type.isRecord()) {
            return schema(type);
        }
        String name = name(type);
        if (!schemas.containsKey(name)) {
            schemas.put(name, NODES.objectNode());
            schemas.put(name, recordSchema(type));
        }
        return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    private static String name(Class<?> type) {
        return type.getEnclosingClass() == null
                ? type.getSimpleName()
                : name(type.getEnclosingClass()) + type.getSimpleName();
    }

    private ObjectNode recordSchema(Class<?> type) {
        Optional<FieldLimits.Rules> rules = FieldLimits.of(type);
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (RecordComponent component : type.getRecordComponents()) {
            ObjectNode property = schema(component.getGenericType());
            if (rules.isPresent()) {
                limit(property, rules.get(), component.getName());
            }
            properties.set(jsonName(component), property);
        }
        if (rules.isPresent()) {
            schema.put("additionalProperties", false);
            if (!rules.get().required().isEmpty()) {
                ArrayNode required = schema.putArray("required");
                rules.get().required().forEach(required::add);
            }
        }
        return schema;
    }

    private static void limit(ObjectNode property, FieldLimits.Rules rules, String field) {
        ObjectNode text =
                property.path("type").asText().equals("array") ? (ObjectNode) property.get("items") : property;
        if (property.path("type").asText().equals("array")) {
            property.put("maxItems", rules.maxItems(field));
        }
        boolean freeText = text.path("type").asText().equals("string") && !text.has("format") && !text.has("enum");
        if (freeText || text.path("format").asText().equals("password")) {
            text.put("maxLength", rules.maxLength(field));
        }
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }

    private ObjectNode schema(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = NODES.objectNode().put("type", "array");
                array.set("items", schema(args[0]));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = NODES.objectNode().put("type", "object");
                map.set("additionalProperties", schema(args[1]));
                return map;
            }
            if (raw == Optional.class) {
                return schema(args[0]);
            }
            return schema(raw);
        }
        if (type instanceof WildcardType w) {
            return schema(w.getUpperBounds()[0]);
        }
        if (!(type instanceof Class<?> c)) {
            return NODES.objectNode();
        }
        if (c == String.class) {
            return NODES.objectNode().put("type", "string");
        }
        if (c == Secret.class) {
            return NODES.objectNode().put("type", "string").put("format", "password");
        }
        if (c == boolean.class || c == Boolean.class) {
            return NODES.objectNode().put("type", "boolean");
        }
        if (c == int.class || c == Integer.class) {
            return NODES.objectNode().put("type", "integer").put("format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return NODES.objectNode().put("type", "integer").put("format", "int64");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return NODES.objectNode().put("type", "number");
        }
        if (c == UUID.class) {
            return NODES.objectNode().put("type", "string").put("format", "uuid");
        }
        if (c == Instant.class) {
            return NODES.objectNode().put("type", "string").put("format", "date-time");
        }
        if (c == LocalDate.class) {
            return NODES.objectNode().put("type", "string").put("format", "date");
        }
        if (c == Duration.class) {
            return NODES.objectNode().put("type", "string").put("format", "duration");
        }
        if (c == URI.class) {
            return NODES.objectNode().put("type", "string").put("format", "uri");
        }
        if (c.isEnum()) {
            ObjectNode e = NODES.objectNode().put("type", "string");
            ArrayNode values = e.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(Json.lenient().convertValue(constant, String.class));
            }
            return e;
        }
        if (c.isRecord()) {
            return ref(c);
        }
        if (Map.class.isAssignableFrom(c)) {
            return NODES.objectNode().put("type", "object");
        }
        return NODES.objectNode();
    }
}
