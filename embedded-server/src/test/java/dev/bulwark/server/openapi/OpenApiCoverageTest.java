package dev.bulwark.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.server.http.FieldLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document lists exactly the routes the server has. The routes are read from the sources: each
 * {@code register("/prefix", new XxxRoutes(...))} (or a variable {@code xxxRoutes}) in {@code BulwarkServer} and each {@code .get/.post/.put/
 * .delete("/path", ...)} in that class's {@code routing(HttpRules rules)} block.
 */
class OpenApiCoverageTest {
    private static final Path MAIN = Path.of("src/main/java/dev/bulwark/server");
    private static final Pattern REGISTER =
            Pattern.compile("\\.register\\(\\s*\"([^\"]*)\",\\s*(?:new\\s+)?(\\w+Routes)\\b");
    private static final Pattern ROUTE =
            Pattern.compile("\\.(get|post|put|delete|patch|head|options|any)\\(\\s*\"([^\"]*)\"");
    private static final Pattern ROUTING_BLOCK =
            Pattern.compile("void routing\\(HttpRules \\w+\\) \\{(.*?)\\n    }", Pattern.DOTALL);

    @Test
    void everyRouteInTheSources_isInTheDocument_andNothingElse() {
        Set<String> missing = new TreeSet<>(routesInSources());
        missing.removeAll(documented());
        Set<String> extra = new TreeSet<>(documented());
        extra.removeAll(routesInSources());

        assertThat(missing).as("routes with no row in ApiOperations").isEmpty();
        assertThat(extra).as("rows of ApiOperations with no route").isEmpty();
    }

    @Test
    void theSourcesHaveRoutesToCompare() {
        assertThat(routesInSources())
                .hasSizeGreaterThan(60)
                .contains("POST /api/v1/auth/login", "GET /api/v1/users/{id}", "GET /api/openapi.json");
    }

    @Test
    void everyBodyOfTheDocument_hasLimitsOnEveryString() {
        ObjectNode doc = OpenApiDocument.build(ApiOperations.ALL, "test");

        for (Operation op : ApiOperations.ALL) {
            if (op.body() != null) {
                assertThat(FieldLimits.of(op.body()))
                        .as(op.body().getSimpleName())
                        .isPresent();
                String name = op.body().getSimpleName();
                JsonNode schema = doc.at("/components/schemas/" + name);
                assertThat(schema.path("additionalProperties").asBoolean(true))
                        .as(name)
                        .isFalse();
            }
        }
        doc.at("/components/schemas").properties().forEach(schema -> {
            if (schema.getValue().has("additionalProperties")) {
                schema.getValue().path("properties").properties().forEach(p -> {
                    JsonNode text = p.getValue().path("type").asText().equals("array")
                            ? p.getValue().path("items")
                            : p.getValue();
                    if (text.path("type").asText().equals("string") && !text.has("format") && !text.has("enum")
                            || text.path("format").asText().equals("password")) {
                        assertThat(text.has("maxLength"))
                                .as(schema.getKey() + "." + p.getKey() + " has a maxLength")
                                .isTrue();
                    }
                    if (p.getValue().path("type").asText().equals("array")) {
                        assertThat(p.getValue().has("maxItems"))
                                .as(schema.getKey() + "." + p.getKey() + " has maxItems")
                                .isTrue();
                    }
                });
            }
        });
    }

    @Test
    void everyRequestTypeWithLimits_namesOnlyItsOwnFields() {
        for (Class<?> type : FieldLimits.requestTypes()) {
            Set<String> fields = Stream.of(type.getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getName)
                    .collect(Collectors.toSet());
            FieldLimits.Rules rules = FieldLimits.of(type).orElseThrow();
            assertThat(fields).as(type.getSimpleName()).containsAll(rules.required());
            assertThat(fields)
                    .as(type.getSimpleName())
                    .containsAll(rules.maxLength().keySet());
            assertThat(fields)
                    .as(type.getSimpleName())
                    .containsAll(rules.maxItems().keySet());
        }
    }

    private static Set<String> documented() {
        return ApiOperations.ALL.stream()
                .map(op -> op.method() + " " + op.path())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> routesInSources() {
        String server = read(MAIN.resolve("BulwarkServer.java"));
        Set<String> routes = new TreeSet<>();
        Matcher register = REGISTER.matcher(server);
        while (register.find()) {
            String prefix = register.group(1);
            String routesClass = Character.toUpperCase(register.group(2).charAt(0))
                    + register.group(2).substring(1);
            Matcher block = ROUTING_BLOCK.matcher(read(find(routesClass)));
            assertThat(block.find()).as("routing block of " + routesClass).isTrue();
            Matcher route = ROUTE.matcher(block.group(1));
            while (route.find()) {
                String path = (prefix + route.group(2)).replaceAll("/+$", "");
                routes.add(route.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
        }
        // routes served outside the *Routes classes (BulwarkServer's own routing)
        Matcher direct =
                Pattern.compile("\\.(get|post|put|delete)\\(\\s*\"(/[^\"]*)\"").matcher(server);
        while (direct.find()) {
            routes.add(direct.group(1).toUpperCase(java.util.Locale.ROOT) + " " + direct.group(2));
        }
        return routes;
    }

    private static Path find(String className) {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.getFileName().toString().equals(className + ".java"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("No source for " + className));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
