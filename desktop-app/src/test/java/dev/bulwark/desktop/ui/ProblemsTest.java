package dev.bulwark.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.FieldError;
import dev.bulwark.model.problem.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void invalidCredentials_readAsOnePlainSentence() {
        ApiException e = ApiException.of(ProblemType.INVALID_CREDENTIALS, "Invalid credentials.");

        assertThat(Problems.describe(e)).isEqualTo("The email or password is not correct.");
    }

    @Test
    void otherProblems_showTheServersDetail() {
        ApiException e = ApiException.of(ProblemType.SERVER_UNREACHABLE, "Could not connect to host:1.");

        assertThat(Problems.describe(e)).isEqualTo("Could not connect to host:1.");
    }

    @Test
    void fieldErrors_pointToTheHighlightedFields() {
        ApiException e = ApiException.invalid(List.of(new FieldError("email", "Bad."), new FieldError("x", "Bad.")));

        assertThat(Problems.describe(e)).isEqualTo("Check the highlighted fields.");
    }

    @Test
    void userFacingException_showsItsSentence() {
        assertThat(Problems.describe(new UserFacingException("The database is in use.")))
                .isEqualTo("The database is in use.");
    }

    @Test
    void unexpectedFailure_showsNoInternals() {
        assertThat(Problems.describe(new IllegalStateException("NPE in FooRepository line 42")))
                .isEqualTo(Problems.UNEXPECTED);
    }
}
