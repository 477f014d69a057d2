package dev.bulwark.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    @TempDir
    Path dir;

    @RepeatedTest(5)
    void firstStartsRacingToCreateTheKey_allEndUpWithTheSameKey() throws Exception {
        int racers = 8;
        CyclicBarrier start = new CyclicBarrier(racers);
        List<MasterKey> keys = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            List<Future<MasterKey>> done = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    return MasterKey.load(Optional.empty(), dir, true);
                }));
            }
            for (Future<MasterKey> f : done) {
                keys.add(f.get());
            }
        }

        byte[] associated = "test".getBytes(StandardCharsets.UTF_8);
        for (MasterKey sealer : keys) {
            byte[] sealed = sealer.aead().encrypt("data under this key".getBytes(StandardCharsets.UTF_8), associated);
            for (MasterKey opener : keys) {
                assertThat(new String(opener.aead().decrypt(sealed, associated), StandardCharsets.UTF_8))
                        .isEqualTo("data under this key");
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(MasterKey.FILE_NAME);
        }
    }

    @Test
    void anExistingKeyFile_isNeverReplacedByCreatingAgain() throws Exception {
        Path file = dir.resolve(MasterKey.FILE_NAME);
        MasterKey.create(file);
        String first = Files.readString(file);

        MasterKey.create(file);

        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(OwnerOnlyFiles.accessOf(file)).isNotEqualTo(OwnerOnlyFiles.Access.SHARED);
    }
}
