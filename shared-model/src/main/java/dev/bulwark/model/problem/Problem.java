package dev.bulwark.model.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error response ({@code application/problem+json}).
 *
 * @param type {@code urn:bulwark:problem:<slug>}, see {@link ProblemType}
 * @param title the problem type's title
 * @param status the HTTP status
 * @param detail a sentence about this occurrence, safe to show a person; never internals
 * @param instance the request path
 * @param requestId the request id, also in the {@code X-Request-Id} header and the server log
 * @param errors field errors, for {@code validation-failed}
 * @param retryAfterSeconds for {@code rate-limited}: when to try again
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        URI type,
        String title,
        int status,
        String detail,
        String instance,
        String requestId,
        List<FieldError> errors,
        Long retryAfterSeconds) {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Builds the document for an exception raised while serving {@code instance}. */
    public static Problem of(ApiException e, String instance, String requestId) {
        ProblemType t = e.type();
        return new Problem(
                t.uri(),
                t.title(),
                t.status(),
                e.detail(),
                instance,
                requestId,
                e.fieldErrors(),
                e.retryAfterSeconds());
    }
}
