package dev.bulwark.server.mfa;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * RFC 6238 time-based codes (30 s steps, 6 digits, HMAC-SHA1: what every authenticator app speaks), through
 * java-otp.
 *
 * <p>A code is accepted for the current step and one step either side; the caller stores the matched step and
 * refuses any step not newer than it, so no code is accepted twice.
 */
final class Totp {
    static final Duration STEP = Duration.ofSeconds(30);
    private static final int SECRET_BYTES = 20;
    private static final String ISSUER = "Bulwark";

    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6);
    private final SecureRandom random = new SecureRandom();

    /** A new shared secret. */
    byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    /** The URI an authenticator app reads from a QR code. */
    static String otpauthUri(String email, byte[] secret) {
        String label =
                URLEncoder.encode(ISSUER + ":" + email, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=6&period=30";
    }

    /** The step {@code code} belongs to (now, or one step either side), if it matches. */
    OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        String typed = code.strip().replace(" ", "");
        if (!typed.matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        SecretKeySpec key = new SecretKeySpec(secret, generator.getAlgorithm());
        long current = now.getEpochSecond() / STEP.toSeconds();
        OptionalLong found = OptionalLong.empty();
        for (long step = current - 1; step <= current + 1; step++) {
            String expected = code(key, Instant.ofEpochSecond(step * STEP.toSeconds()));
            if (MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.US_ASCII), typed.getBytes(StandardCharsets.US_ASCII))) {
                found = OptionalLong.of(step);
            }
        }
        return found;
    }

    /** The code for {@code time}; for tests that play an authenticator app. */
    String codeAt(byte[] secret, Instant time) {
        return code(new SecretKeySpec(secret, generator.getAlgorithm()), time);
    }

    private String code(SecretKeySpec key, Instant time) {
        try {
            return String.format(Locale.ROOT, "%06d", generator.generateOneTimePassword(key, time));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("The authenticator secret is not a valid key", e);
        }
    }
}
