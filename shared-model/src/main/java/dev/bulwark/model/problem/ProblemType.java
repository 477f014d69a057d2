package dev.bulwark.model.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * The closed set of problems the API reports, each with a stable slug, an HTTP status and a title.
 *
 * <p>The slug is part of the public contract: clients switch on it, so it never changes once released. The
 * problem document's {@code type} is {@code urn:bulwark:problem:<slug>}. Types with status 0 never come from a
 * server: the client raises them when it cannot reach one or cannot understand its answer.
 */
public enum ProblemType {
    VALIDATION_FAILED("validation-failed", 400, "Some fields are not valid."),
    MALFORMED_REQUEST("malformed-request", 400, "The request could not be read."),
    NOT_AUTHENTICATED("not-authenticated", 401, "Sign-in is required."),
    INVALID_CREDENTIALS("invalid-credentials", 401, "The email or password is not correct."),
    SESSION_EXPIRED("session-expired", 401, "The session has ended. Sign in again."),
    MFA_CODE_INVALID("mfa-code-invalid", 401, "The code is not correct."),
    MFA_CHALLENGE_INVALID("mfa-challenge-invalid", 401, "The sign-in has expired. Sign in again."),
    FORBIDDEN("forbidden", 403, "You are not allowed to do this."),
    SETUP_CODE_INVALID("setup-code-invalid", 403, "The setup code is not valid."),
    PASSWORD_CHANGE_REQUIRED("password-change-required", 403, "Choose a new password first."),
    NOT_FOUND("not-found", 404, "Not found."),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "This method is not allowed here."),
    CONFLICT("conflict", 409, "The request conflicts with the current state."),
    SETUP_COMPLETED("setup-completed", 409, "The first administrator already exists."),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large."),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The request body must be JSON."),
    RATE_LIMITED("rate-limited", 429, "Too many requests. Try again later."),
    BACKUP_REFUSED("backup-refused", 422, "The backup cannot be restored."),
    INTERNAL_ERROR("internal-error", 500, "Something went wrong on the server."),
    BACKUP_FAILED("backup-failed", 500, "The backup could not be made."),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "The server is not ready."),
    MAIL_UNAVAILABLE("mail-unavailable", 503, "The mail could not be sent."),
    SERVER_UNREACHABLE("server-unreachable", 0, "The server could not be reached."),
    UNEXPECTED_RESPONSE("unexpected-response", 0, "The server gave an answer Bulwark does not understand.");

    private static final String URN_PREFIX = "urn:bulwark:problem:";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The stable identifier, for example {@code validation-failed}. */
    public String slug() {
        return slug;
    }

    /** The HTTP status this problem is sent with; 0 for client-side problems. */
    public int status() {
        return status;
    }

    /** A short sentence a person understands. */
    public String title() {
        return title;
    }

    /** The RFC 9457 {@code type} member. */
    public URI uri() {
        return URI.create(URN_PREFIX + slug);
    }

    /** Finds the type named by a problem document's {@code type} member. */
    public static Optional<ProblemType> fromUri(URI type) {
        if (type == null || !type.toString().startsWith(URN_PREFIX)) {
            return Optional.empty();
        }
        String slug = type.toString().substring(URN_PREFIX.length());
        return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst();
    }
}
