package dev.bulwark.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.PasswordCheck;
import dev.bulwark.model.user.PasswordCheckRequest;
import dev.bulwark.server.AdminServerFixture;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PasswordCheckIT extends AdminServerFixture {
    private static final String CANDIDATE = "Pelican-umbrella-Violet-73-harbour";

    @Test
    void aCandidateIsRatedWithoutSignIn() {
        PasswordCheck check = new BulwarkClient(server.baseUri())
                .server()
                .checkPassword(new PasswordCheckRequest(Secret.of(CANDIDATE), null, null));

        assertThat(check.acceptable()).isTrue();
        assertThat(check.score()).isBetween(3, 4);
    }

    @Test
    void aCandidateBuiltFromTheAccountsNameIsRefusedWithTheReason() {
        PasswordCheck check = new BulwarkClient(server.baseUri())
                .server()
                .checkPassword(new PasswordCheckRequest(
                        Secret.of("Wilhelmina-2026-spring!"), "wilhelmina@example.com", "Wilhelmina Jones"));

        assertThat(check.acceptable()).isFalse();
        assertThat(check.score()).isZero();
        assertThat(check.message()).isEqualTo("Do not build the password from your email or name.");
    }

    @Test
    void aMissingPassword_isAFieldError() {
        var e = failure(() -> admin.server().checkPassword(new PasswordCheckRequest(null, null, null)));

        assertThat(e.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(e.fieldError("password")).isPresent();
    }

    @Test
    void theCandidateIsNeitherStoredNorLogged() throws Exception {
        admin.server().checkPassword(new PasswordCheckRequest(Secret.of(CANDIDATE), null, null));
        server.close();

        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            for (var file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain(CANDIDATE);
            }
        }
    }
}
