package dev.bulwark.server.openapi;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.http.ProblemHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;

/** {@code GET /api/openapi.json}: the OpenAPI document, built once at start. */
public final class OpenApiRoutes implements HttpService {
    private final byte[] document;

    public OpenApiRoutes(String version) {
        this.document = OpenApiDocument.render(ApiOperations.ALL, version);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi.json", this::document);
    }

    /**
     * Answers a request no route took: 204 with {@code Allow} for {@code OPTIONS} on a known path, 405 with
     * {@code Allow} for another method there, 404 otherwise (as problems, except for {@code HEAD}, whose answer
     * has no body).
     */
    public static void unrouted(ServerRequest req, ServerResponse res) {
        Set<String> allowed = ApiOperations.methodsAt(req.path().path());
        if (req.prologue().method() == Method.HEAD) {
            // an answer to HEAD has no body, so no problem document either; the status says it all
            if (!allowed.isEmpty()) {
                res.header(HeaderNames.ALLOW, String.join(", ", allowed) + ", OPTIONS");
            }
            res.status(allowed.isEmpty() ? Status.NOT_FOUND_404 : Status.METHOD_NOT_ALLOWED_405)
                    .send();
            return;
        }
        if (allowed.isEmpty()) {
            ProblemHandler.notFound(req, res);
            return;
        }
        res.header(HeaderNames.ALLOW, String.join(", ", allowed) + ", OPTIONS");
        if (req.prologue().method() == Method.OPTIONS) {
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        throw ApiException.of(
                ProblemType.METHOD_NOT_ALLOWED,
                "Use " + String.join(" or ", allowed) + " at "
                        + req.path().absolute().path() + ".");
    }

    private void document(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.send(document);
    }
}
