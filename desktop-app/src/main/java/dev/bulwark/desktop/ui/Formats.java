package dev.bulwark.desktop.ui;

import dev.bulwark.model.server.ServerMode;
import dev.bulwark.model.user.Role;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** How values read on screen. */
public final class Formats {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM);
    private static final DateTimeFormatter SHORT_DATE_TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT);

    private Formats() {}

    public static String role(Role role) {
        return switch (role) {
            case ADMIN -> "Administrator";
            case EDITOR -> "Editor";
            case USER -> "User";
        };
    }

    public static String mode(ServerMode mode) {
        return switch (mode) {
            case EMBEDDED -> "Embedded in this app";
            case STANDALONE -> "Standalone server";
        };
    }

    /** A moment in the local time zone, or "Never" for {@code null}. */
    public static String dateTime(Instant instant) {
        return instant == null ? "Never" : DATE_TIME.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** A moment in the local time zone, short enough for a table column, or "Never" for {@code null}. */
    public static String shortDateTime(Instant instant) {
        return instant == null ? "Never" : SHORT_DATE_TIME.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** A duration such as {@code 3 d 4 h}, {@code 2 h 5 min} or {@code 42 s}: the two largest units. */
    public static String uptime(long seconds) {
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return minutes + " min " + seconds % 60 + " s";
        }
        return seconds + " s";
    }
}
