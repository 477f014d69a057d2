package dev.bulwark.server.log;

import dev.bulwark.server.http.RequestContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: time, level, logger, thread, request id, message and (for errors) the stack trace.
 * Messages are written by our code and never carry secrets; the formatter escapes them so a value can never
 * break out of its field.
 */
public final class JsonLogFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "time", Instant.ofEpochMilli(record.getMillis()).toString()).append(',');
        field(json, "level", record.getLevel().getName()).append(',');
        field(json, "logger", record.getLoggerName()).append(',');
        field(json, "thread", Thread.currentThread().getName()).append(',');
        RequestContext.currentRequestId()
                .ifPresent(id -> field(json, "requestId", id).append(','));
        field(json, "message", formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            json.append(',');
            field(json, "error", trace.toString());
        }
        return json.append("}\n").toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
