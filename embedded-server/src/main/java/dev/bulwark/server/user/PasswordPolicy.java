package dev.bulwark.server.user;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import dev.bulwark.model.Secret;
import dev.bulwark.model.user.PasswordCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

/**
 * The password policy of ASVS 2.1: 12 to 128 characters of any kind, not among the 100,000 most common
 * passwords (bundled), not built from the user's email or name, and not too easy to guess by the zxcvbn estimator, which also penalises the user's own
 * email and name. No composition rules and no expiry.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    private static final int MIN_SCORE = 3;

    private final CompletableFuture<Set<String>> common;
    private final Zxcvbn estimator = new Zxcvbn();

    private PasswordPolicy(CompletableFuture<Set<String>> common) {
        this.common = common;
    }

    /**
     * Starts loading the bundled list of common passwords in the background, so a server can answer before
     * the list is read; the first check waits for it.
     */
    public static PasswordPolicy load() {
        CompletableFuture<Set<String>> common = new CompletableFuture<>();
        Thread.ofVirtual().name("password-list-loader").start(() -> {
            try {
                common.complete(readCommonPasswords());
            } catch (RuntimeException | Error e) {
                common.completeExceptionally(e);
            }
        });
        return new PasswordPolicy(common);
    }

    private static Set<String> readCommonPasswords() {
        Set<String> common = new HashSet<>(150_000);
        try (InputStream raw = PasswordPolicy.class.getResourceAsStream("common-passwords.txt.gz")) {
            if (raw == null) {
                throw new IllegalStateException("The bundled list of common passwords is missing");
            }
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        common.add(line.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(common);
    }

    /** How many passwords the bundled list holds. */
    public int commonPasswordCount() {
        return common.join().size();
    }

    /**
     * Why {@code password} is refused, or empty when it is acceptable.
     *
     * @param personal words the password must not lean on: the user's email and name
     */
    public Optional<String> check(Secret password, List<String> personal) {
        PasswordCheck result = evaluate(password, personal);
        return result.acceptable() ? Optional.empty() : Optional.of(result.message());
    }

    /**
     * The policy's verdict on {@code password} with a strength score, for live feedback while it is typed.
     *
     * @param personal words the password must not lean on: the user's email and name
     */
    public PasswordCheck evaluate(Secret password, List<String> personal) {
        String value = password.reveal();
        int length = value.codePointCount(0, value.length());
        if (length < MIN_LENGTH) {
            return refused("Use at least " + MIN_LENGTH + " characters.");
        }
        if (length > MAX_LENGTH) {
            return refused("Use at most " + MAX_LENGTH + " characters.");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (common.join().contains(lower)) {
            return refused("This password is one of the most common passwords; choose another.");
        }
        if (containsPersonal(lower, personal)) {
            return refused("Do not build the password from your email or name.");
        }
        Strength strength = estimator.measure(
                value,
                personal.stream()
                        .filter(s -> s != null && !s.isBlank())
                        .flatMap(s -> List.of(s.split("[@.\\s]+")).stream())
                        .filter(s -> s.length() >= 3)
                        .toList());
        int score = strength.getScore();
        if (score < MIN_SCORE) {
            String warning = strength.getFeedback().getWarning(Locale.ENGLISH);
            String hint = warning == null || warning.isBlank() ? "" : " " + sentence(warning);
            return new PasswordCheck(
                    false,
                    score,
                    "This password is too easy to guess." + hint + " Longer passphrases of unrelated words work well.");
        }
        return new PasswordCheck(true, score, score >= 4 ? "Strong password." : "Good password.");
    }

    private static PasswordCheck refused(String why) {
        return new PasswordCheck(false, 0, why);
    }

    private static boolean containsPersonal(String lowerPassword, List<String> personal) {
        return personal.stream()
                .filter(s -> s != null)
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .map(s -> s.contains("@") ? s.substring(0, s.indexOf('@')) : s)
                .filter(s -> s.length() >= 4)
                .anyMatch(lowerPassword::contains);
    }

    private static String sentence(String text) {
        String t = text.strip();
        return t.endsWith(".") ? t : t + ".";
    }
}
