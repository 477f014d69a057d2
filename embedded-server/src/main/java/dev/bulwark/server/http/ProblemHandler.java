package dev.bulwark.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulwark.model.Json;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.Problem;
import dev.bulwark.model.problem.ProblemType;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Turns every failure into an RFC 9457 problem document.
 *
 * <p>{@link ApiException} carries its own type and sentence. Anything else is unexpected: it is logged once
 * with an incident id, and the client gets a 500 problem with that id and no internals. Requests the web server
 * rejects before routing (malformed HTTP, a body over the limit) get the same treatment.
 */
public final class ProblemHandler {
    private static final Logger LOG = System.getLogger(ProblemHandler.class.getName());
    private static final String PROBLEM_UTF8 = Problem.MEDIA_TYPE + "; charset=utf-8";

    private ProblemHandler() {}

    /** Registers the error handlers and a final not-found route. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ProblemHandler::expected).error(Throwable.class, ProblemHandler::unexpected);
    }

    /** Answers every request no route took with a not-found problem. */
    public static void notFound(ServerRequest req, ServerResponse res) {
        throw ApiException.of(
                ProblemType.NOT_FOUND,
                "There is nothing at " + req.path().absolute().path() + ".");
    }

    private static void expected(ServerRequest req, ServerResponse res, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        send(
                res,
                Problem.of(
                        e,
                        req.path().absolute().path(),
                        RequestContext.currentRequestId().orElse(null)));
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.ERROR, "Unexpected failure, incident " + incident, e);
        ApiException problem = ApiException.of(
                ProblemType.INTERNAL_ERROR,
                "Something went wrong on the server. Quote incident " + incident + " to your administrator.");
        send(
                res,
                Problem.of(
                        problem,
                        req.path().absolute().path(),
                        RequestContext.currentRequestId().orElse(null)));
    }

    private static void send(ServerResponse res, Problem problem) {
        res.status(Status.create(problem.status()));
        res.header(HeaderNames.CONTENT_TYPE, PROBLEM_UTF8);
        res.send(bytes(problem));
    }

    private static byte[] bytes(Problem problem) {
        try {
            return Json.lenient().writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Problem documents for requests rejected before routing. */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = ProblemHandler::direct;
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    private static DirectHandler.TransportResponse direct(
            DirectHandler.TransportRequest request,
            DirectHandler.EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        ProblemType type =
                switch (status.code()) {
                    case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
                    case 403 -> ProblemType.FORBIDDEN;
                    default ->
                        status.code() >= 500 || eventType == DirectHandler.EventType.INTERNAL_ERROR
                                ? ProblemType.INTERNAL_ERROR
                                : ProblemType.MALFORMED_REQUEST;
                };
        String detail =
                switch (type) {
                    case PAYLOAD_TOO_LARGE -> "The request body is larger than the server accepts.";
                    case MALFORMED_REQUEST -> "The request is not valid HTTP.";
                    default -> type.title();
                };
        Problem problem = Problem.of(ApiException.of(type, detail), request.path(), null);
        headers.set(HeaderNames.CONTENT_TYPE, PROBLEM_UTF8);
        return DirectHandler.TransportResponse.builder()
                .status(Status.create(type.status()))
                .headers(headers)
                .entity(bytes(problem))
                .build();
    }
}
