package dev.bulwark.server.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which backups {@code backup.keep} keeps: at most {@code count} of the newest, none older than {@code maxAge}; the
 * newest backup is never removed, whatever its age.
 */
public record BackupRetention(Optional<Integer> count, Optional<Duration> maxAge) {
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*(h|d)");

    /**
     * @throws IllegalArgumentException when {@code text} is not a count, an age, or both
     */
    public static BackupRetention parse(String text) {
        Optional<Integer> count = Optional.empty();
        Optional<Duration> age = Optional.empty();
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new IllegalArgumentException("must be a number of backups, an age such as 30d, or both (7, 30d)");
        }
        for (String part : t.split("[,\\s]+")) {
            Matcher m = AGE.matcher(part);
            if (part.chars().allMatch(Character::isDigit) && part.length() <= 4 && count.isEmpty()) {
                int n = Integer.parseInt(part);
                if (n < 1) {
                    throw new IllegalArgumentException("must keep at least 1 backup");
                }
                count = Optional.of(n);
            } else if (m.matches() && age.isEmpty() && m.group(1).length() <= 4) {
                long n = Long.parseLong(m.group(1));
                Duration d = m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
                if (d.compareTo(Duration.ofHours(1)) < 0) {
                    throw new IllegalArgumentException("must keep backups for at least 1h");
                }
                age = Optional.of(d);
            } else {
                throw new IllegalArgumentException("must be a number of backups, an age such as 30d, or both (7, 30d)");
            }
        }
        return new BackupRetention(count, age);
    }

    /** Of {@code newestFirst} (creation times, newest first), the indexes to remove at {@code now}. */
    public List<Integer> toRemove(List<Instant> newestFirst, Instant now) {
        List<Integer> remove = new ArrayList<>();
        for (int i = 1; i < newestFirst.size(); i++) {
            boolean overCount = count.isPresent() && i >= count.get();
            boolean tooOld = maxAge.isPresent() && newestFirst.get(i).isBefore(now.minus(maxAge.get()));
            if (overCount || tooOld) {
                remove.add(i);
            }
        }
        return remove;
    }

    /** In words, for the console. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        count.ifPresent(n -> parts.add("the newest " + n + (n == 1 ? " backup" : " backups")));
        maxAge.ifPresent(d -> parts.add("none older than " + BackupSchedule.words(d)));
        return "Keeps " + String.join(", ", parts) + " (never removes the newest).";
    }
}
