package dev.bulwark.model.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {
    @Test
    void everyType_roundTripsThroughItsUri() {
        for (ProblemType t : ProblemType.values()) {
            assertThat(ProblemType.fromUri(t.uri())).contains(t);
        }
    }

    @Test
    void slugsAreUniqueAndTitlesAreSentences() {
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::slug).distinct())
                .hasSize(ProblemType.values().length);
        assertThat(ProblemType.values()).allSatisfy(t -> assertThat(t.title()).endsWith("."));
    }

    @Test
    void foreignUri_isUnknown() {
        assertThat(ProblemType.fromUri(URI.create("about:blank"))).isEmpty();
        assertThat(ProblemType.fromUri(null)).isEmpty();
    }

    @Test
    void invalidWithOneField_namesTheField() {
        ApiException e = ApiException.invalid("email", "This is not a valid email address.");

        assertThat(e.detail()).isEqualTo("email: This is not a valid email address.");
        assertThat(e.fieldError("email")).contains("This is not a valid email address.");
    }
}
