package dev.bulwark.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README shows the nginx configuration that the server package ships and that {@link BehindNginxIT} runs. */
class NginxExampleTest {
    private static final Path README = Path.of("../README.md");
    private static final Path EXAMPLE = Path.of("../installers/src/linux/server/nginx-bulwark.conf");

    @Test
    void theReadmesNginxBlock_isTheShippedFileWithoutItsComments() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("```nginx\n");
        assertThat(start).as("README holds an nginx block").isNotNegative();
        int end = readme.indexOf("```", start + 9);
        List<String> shown = readme.substring(start + 9, end).strip().lines().toList();

        List<String> shipped = Files.readAllLines(EXAMPLE).stream()
                .filter(line -> !line.strip().startsWith("#"))
                .toList();
        String shippedText = String.join("\n", shipped).strip();

        assertThat(String.join("\n", shown)).isEqualTo(shippedText);
    }
}
