package dev.bulwark.model.problem;

import java.util.List;
import java.util.Optional;

/**
 * The one exception for every expected failure, on the server and in the client.
 *
 * <p>The server throws it and a single handler turns it into a {@link Problem}; the client turns every problem
 * it receives back into this exception, so callers switch on {@link #type()}. The message is the detail
 * sentence: it must never carry a secret or an internal name.
 */
public final class ApiException extends RuntimeException {
    private final ProblemType type;
    private final String detail;
    private final List<FieldError> fieldErrors;
    private final Long retryAfterSeconds;
    private final String requestId;

    private ApiException(
            ProblemType type, String detail, List<FieldError> fieldErrors, Long retryAfterSeconds, String requestId) {
        super(detail, null, false, false);
        this.type = type;
        this.detail = detail == null ? type.title() : detail;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.retryAfterSeconds = retryAfterSeconds;
        this.requestId = requestId;
    }

    /** A problem with a detail sentence. */
    public static ApiException of(ProblemType type, String detail) {
        return new ApiException(type, detail, List.of(), null, null);
    }

    /** A problem whose detail is the type's title. */
    public static ApiException of(ProblemType type) {
        return new ApiException(type, null, List.of(), null, null);
    }

    /** A {@code validation-failed} problem listing the invalid fields. */
    public static ApiException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : "Some fields are not valid: "
                        + String.join(
                                ", ", errors.stream().map(FieldError::field).toList()) + ".";
        return new ApiException(ProblemType.VALIDATION_FAILED, detail, errors, null, null);
    }

    /** A {@code validation-failed} problem for one field. */
    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** A {@code rate-limited} problem. */
    public static ApiException rateLimited(String detail, long retryAfterSeconds) {
        return new ApiException(ProblemType.RATE_LIMITED, detail, List.of(), retryAfterSeconds, null);
    }

    /** Rebuilds the exception from a problem document a server sent. */
    public static ApiException fromProblem(ProblemType type, Problem problem) {
        return new ApiException(
                type, problem.detail(), problem.errors(), problem.retryAfterSeconds(), problem.requestId());
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The server's request id, when the problem came from a server. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The message of the first error on {@code field}, if any. */
    public Optional<String> fieldError(String field) {
        return fieldErrors.stream()
                .filter(e -> e.field().equals(field))
                .map(FieldError::message)
                .findFirst();
    }
}
