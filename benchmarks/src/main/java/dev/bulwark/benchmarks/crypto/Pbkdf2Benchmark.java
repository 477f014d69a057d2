package dev.bulwark.benchmarks.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw JDK cost of one PBKDF2-HMAC-SHA256 password hash with the product's parameters (600,000 iterations,
 * 16-byte salt, 256-bit output). It is the baseline for the server's sign-in cost: a login should cost this plus
 * little else, and the hashing pool is sized from it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class Pbkdf2Benchmark {

    @Param("600000")
    int iterations;

    private final char[] password = "correct horse battery staple".toCharArray();
    private final byte[] salt = new byte[16];
    private SecretKeyFactory factory;

    @Setup
    public void setUp() throws GeneralSecurityException {
        new SecureRandom().nextBytes(salt);
        factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    }

    @Benchmark
    public byte[] hash() throws GeneralSecurityException {
        var spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return factory.generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
