package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.problem.ApiException;
import io.helidon.common.uri.UriQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/** Reads the audit API's query parameters; a bad value is a validation problem naming the parameter. */
final class AuditQueryParams {
    private static final int VALUE_MAX = 254;
    /** Several action codes, comma-separated or repeated: every code of the trail fits. */
    private static final int ACTIONS_MAX = 4_096;

    static final int ACTION_CODES_MAX = 100;

    private AuditQueryParams() {}

    static long seq(String value) {
        return parse("seq", value, Long::parseLong);
    }

    /** The histogram's bucket width in seconds; {@code null} when absent (the server chooses). */
    static Duration bucket(UriQuery q) {
        Long seconds = param(q, "bucket", Long::parseLong);
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    /** The export's file format; required. */
    static AuditExportFormat format(UriQuery q) {
        AuditExportFormat format = param(q, "format", v -> AuditExportFormat.valueOf(v.toUpperCase(Locale.ROOT)));
        if (format == null) {
            throw ApiException.invalid("format", "Choose bundle or csv.");
        }
        return format;
    }

    static AuditQuery query(UriQuery q) {
        return new AuditQuery(
                param(q, "from", Instant::parse),
                param(q, "to", Instant::parse),
                param(q, "actor", Function.identity()),
                actions(q),
                param(q, "targetType", Function.identity()),
                param(q, "targetId", Function.identity()),
                param(q, "outcome", v -> AuditOutcome.valueOf(v.toUpperCase(Locale.ROOT))),
                param(q, "ip", Function.identity()),
                param(q, "q", Function.identity()),
                param(q, "limit", Integer::parseInt),
                param(q, "before", Long::parseLong),
                param(q, "target", Function.identity()));
    }

    /**
     * The action filter: one code, several separated by commas, or the parameter repeated; joined by commas.
     * Each code is checked by the service.
     */
    private static String actions(UriQuery q) {
        if (!q.contains("action")) {
            return null;
        }
        String joined = String.join(",", q.all("action")).strip();
        if (joined.length() > ACTIONS_MAX) {
            throw ApiException.invalid("action", "Use at most " + ACTION_CODES_MAX + " action codes.");
        }
        String codes = String.join(
                ",",
                java.util.Arrays.stream(joined.split(","))
                        .map(String::strip)
                        .filter(code -> !code.isEmpty())
                        .distinct()
                        .toList());
        if (codes.split(",").length > ACTION_CODES_MAX) {
            throw ApiException.invalid("action", "Use at most " + ACTION_CODES_MAX + " action codes.");
        }
        return codes.isEmpty() ? null : codes;
    }

    private static <T> T param(UriQuery q, String name, Function<String, T> parser) {
        if (!q.contains(name) || q.get(name).isBlank()) {
            return null;
        }
        return parse(name, q.get(name), parser);
    }

    private static <T> T parse(String name, String value, Function<String, T> parser) {
        if (value.length() > VALUE_MAX) {
            throw ApiException.invalid(name, "Use at most 254 characters.");
        }
        try {
            return parser.apply(value.strip());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ApiException.invalid(name, "This value is not valid here.");
        }
    }
}
