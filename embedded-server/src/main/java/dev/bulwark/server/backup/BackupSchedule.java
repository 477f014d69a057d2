package dev.bulwark.server.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When scheduled backups run: {@code off}, {@code daily HH:MM} in the server's time zone, or {@code every DURATION}
 * (for example {@code every 6h}).
 */
public record BackupSchedule(Optional<LocalTime> dailyAt, Optional<Duration> every) {
    private static final Pattern DAILY = Pattern.compile("daily(?:\\s+at)?\\s+(\\d{1,2}:\\d{2})");
    private static final Pattern EVERY = Pattern.compile("every\\s+(\\d+)\\s*(m|h|d)");

    /**
     * @throws IllegalArgumentException with the accepted forms when {@code text} is none of them
     */
    public static BackupSchedule parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("off")) {
            return new BackupSchedule(Optional.empty(), Optional.empty());
        }
        Matcher daily = DAILY.matcher(t);
        if (daily.matches()) {
            try {
                String hhmm = daily.group(1).length() == 4 ? "0" + daily.group(1) : daily.group(1);
                return new BackupSchedule(Optional.of(LocalTime.parse(hhmm)), Optional.empty());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must name a time of day such as daily 02:00");
            }
        }
        Matcher every = EVERY.matcher(t);
        if (every.matches()) {
            long n = Long.parseLong(every.group(1));
            Duration period =
                    switch (every.group(2)) {
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
            if (period.compareTo(Duration.ofMinutes(5)) < 0 || period.compareTo(Duration.ofDays(31)) > 0) {
                throw new IllegalArgumentException("must be between every 5m and every 31d");
            }
            return new BackupSchedule(Optional.empty(), Optional.of(period));
        }
        throw new IllegalArgumentException("must be off, daily HH:MM (for example daily 02:00) or every 6h");
    }

    public boolean off() {
        return dailyAt.isEmpty() && every.isEmpty();
    }

    /** The longest a backup may be old while the schedule is kept: one period. */
    public Optional<Duration> period() {
        return dailyAt.isPresent() ? Optional.of(Duration.ofDays(1)) : every;
    }

    /**
     * Whether a scheduled backup is due at {@code now}, given the newest backup's time ({@code null} for none) and
     * when this server started. A backup missed while the server was down is made up at once; a server without any
     * backup waits for its first scheduled time after it started.
     */
    public boolean isDue(Instant newest, Instant startedAt, Instant now, ZoneId zone) {
        if (off()) {
            return false;
        }
        Instant since = newest != null ? newest : startedAt;
        if (every.isPresent()) {
            return !since.plus(every.get()).isAfter(now);
        }
        ZonedDateTime today = now.atZone(zone).with(dailyAt.get());
        Instant lastSlot = today.toInstant().isAfter(now) ? today.minusDays(1).toInstant() : today.toInstant();
        return since.isBefore(lastSlot);
    }

    /** In words, for the console. */
    public String describe() {
        if (dailyAt.isPresent()) {
            return "daily at " + dailyAt.get() + " (server time)";
        }
        return every.map(d -> "every " + words(d)).orElse("off");
    }

    static String words(Duration d) {
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toMinutes() + " minutes";
    }
}
