package dev.bulwark.model.vault;

import dev.bulwark.model.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Generates passwords and passphrases from a CSPRNG ({@link SecureRandom}), offline, so the desktop can use it
 * without a server.
 *
 * <p>Passwords: 8–128 characters from the chosen classes, at least one of each chosen class, optionally without
 * look-alike characters ({@code 0 O o 1 l I | 5 S 2 Z 8 B}). Passphrases: 3–20 words drawn uniformly from the
 * EFF large word list (7,776 words, about 12.9 bits each). Results are {@link Secret}s.
 */
public final class PasswordGenerator {
    /** The fewest characters of a generated password. */
    public static final int MIN_LENGTH = 8;
    /** The most characters of a generated password. */
    public static final int MAX_LENGTH = 128;
    /** The fewest words of a passphrase. */
    public static final int MIN_WORDS = 3;
    /** The most words of a passphrase. */
    public static final int MAX_WORDS = 20;

    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String DIGITS = "0123456789";
    static final String SYMBOLS = "!#$%&()*+,-./:;<=>?@[]^_{|}~";
    /** Characters that are easy to confuse with another when read or typed. */
    public static final String LOOK_ALIKES = "0Oo1lI|5S2Z8B`'\"";

    private static final String WORD_LIST = "eff-large-wordlist.txt";
    private static volatile List<String> words;

    private final SecureRandom random;

    /** A generator over a fresh {@link SecureRandom}. */
    public PasswordGenerator() {
        this(new SecureRandom());
    }

    PasswordGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The character classes a password uses and its length.
     *
     * @param length 8–128
     * @param lower use a–z
     * @param upper use A–Z
     * @param digits use 0–9
     * @param symbols use punctuation
     * @param excludeLookAlikes leave out characters that look like others
     */
    public record PasswordOptions(
            int length, boolean lower, boolean upper, boolean digits, boolean symbols, boolean excludeLookAlikes) {
        /** The checked options. */
        public PasswordOptions {
            if (length < MIN_LENGTH || length > MAX_LENGTH) {
                throw new IllegalArgumentException(
                        "A password is " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long.");
            }
            if (!lower && !upper && !digits && !symbols) {
                throw new IllegalArgumentException("Choose at least one kind of character.");
            }
        }

        /** 20 characters of every class, look-alikes excluded. */
        public static PasswordOptions defaults() {
            return new PasswordOptions(20, true, true, true, true, true);
        }

        /** The characters this password is drawn from. */
        public String alphabet() {
            StringBuilder all = new StringBuilder();
            for (String set : classes()) {
                all.append(set);
            }
            return all.toString();
        }

        List<String> classes() {
            List<String> sets = new ArrayList<>();
            if (lower) sets.add(filter(LOWER));
            if (upper) sets.add(filter(UPPER));
            if (digits) sets.add(filter(DIGITS));
            if (symbols) sets.add(filter(SYMBOLS));
            return sets;
        }

        private String filter(String set) {
            if (!excludeLookAlikes) {
                return set;
            }
            StringBuilder kept = new StringBuilder();
            set.chars().filter(c -> LOOK_ALIKES.indexOf(c) < 0).forEach(c -> kept.append((char) c));
            return kept.toString();
        }
    }

    /**
     * How a passphrase is built.
     *
     * @param words 3–20
     * @param separator put between words (at most 3 characters, may be empty)
     * @param capitalize capitalize each word
     * @param includeNumber append one random digit to one random word
     */
    public record PassphraseOptions(int words, String separator, boolean capitalize, boolean includeNumber) {
        /** The checked options. */
        public PassphraseOptions {
            if (words < MIN_WORDS || words > MAX_WORDS) {
                throw new IllegalArgumentException("A passphrase has " + MIN_WORDS + " to " + MAX_WORDS + " words.");
            }
            Objects.requireNonNull(separator, "separator");
            if (separator.length() > 3) {
                throw new IllegalArgumentException("The separator is at most 3 characters.");
            }
        }

        /** Six lower-case words joined with {@code -}. */
        public static PassphraseOptions defaults() {
            return new PassphraseOptions(6, "-", false, false);
        }
    }

    /** A password with at least one character of every chosen class. */
    public Secret password(PasswordOptions options) {
        List<String> classes = options.classes();
        String alphabet = options.alphabet();
        char[] chars = new char[options.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        // put one character of each class at distinct random positions, then the classes are all present
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < chars.length; i++) {
            positions.add(i);
        }
        for (String set : classes) {
            int position = positions.remove(random.nextInt(positions.size()));
            chars[position] = set.charAt(random.nextInt(set.length()));
        }
        String value = new String(chars);
        java.util.Arrays.fill(chars, '\0');
        return Secret.of(value);
    }

    /** A passphrase of words from the bundled EFF large word list. */
    public Secret passphrase(PassphraseOptions options) {
        List<String> list = wordList();
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < options.words(); i++) {
            String word = list.get(random.nextInt(list.size()));
            chosen.add(options.capitalize() ? word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1) : word);
        }
        if (options.includeNumber()) {
            int at = random.nextInt(chosen.size());
            chosen.set(at, chosen.get(at) + random.nextInt(10));
        }
        return Secret.of(String.join(options.separator(), chosen));
    }

    /**
     * The entropy of a password drawn with {@code options}, in bits: length × log2(alphabet size). A slight
     * over-estimate, since every class is forced to appear once.
     */
    public static double entropyBits(PasswordOptions options) {
        return options.length() * log2(options.alphabet().length());
    }

    /** The entropy of a passphrase drawn with {@code options}, in bits (words × log2(7,776), plus the digit). */
    public static double entropyBits(PassphraseOptions options) {
        double bits = options.words() * log2(wordList().size());
        if (options.includeNumber()) {
            bits += log2(10) + log2(options.words());
        }
        return bits;
    }

    /** The bundled word list, read once. */
    public static List<String> wordList() {
        List<String> loaded = words;
        if (loaded == null) {
            loaded = readWordList();
            words = loaded;
        }
        return loaded;
    }

    private static List<String> readWordList() {
        try (InputStream in = PasswordGenerator.class.getResourceAsStream(WORD_LIST)) {
            if (in == null) {
                throw new IllegalStateException("The word list " + WORD_LIST + " is missing from the build");
            }
            List<String> list = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    list.add(line.strip());
                }
            }
            return List.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException("The word list could not be read", e);
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
