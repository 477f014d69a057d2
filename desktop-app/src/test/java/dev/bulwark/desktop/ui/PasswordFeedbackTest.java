package dev.bulwark.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.model.client.BulwarkClient;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFeedbackTest {
    @TempDir
    Path dataDirectory;

    private TestServer server;
    private PasswordFeedback feedback;

    @BeforeEach
    void startServer() {
        server = new TestServer(dataDirectory);
        ServerConnection connection = server.connect();
        feedback = new PasswordFeedback(new SameThreadRunner(), connection::client);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aStrongPassword_isAcceptedWithAHighScore() {
        feedback.check("Pelican-umbrella-Violet-73-harbour", "ada@example.com", "Ada Lovelace");

        assertThat(feedback.acceptableProperty().get()).isTrue();
        assertThat(feedback.scoreProperty().get()).isBetween(3, 4);
        assertThat(feedback.messageProperty().get()).endsWith("password.");
    }

    @Test
    void aCommonPassword_isRefusedWithTheServersReason() {
        feedback.check("qwertyuiopasdfghjkl", "", "");

        assertThat(feedback.acceptableProperty().get()).isFalse();
        assertThat(feedback.scoreProperty().get()).isZero();
        assertThat(feedback.messageProperty().get()).contains("most common passwords");
    }

    @Test
    void aPasswordBuiltFromTheName_isRefused() {
        feedback.check("margaret-apollo-1969-guidance", "margaret@example.com", "Margaret Hamilton");

        assertThat(feedback.acceptableProperty().get()).isFalse();
        assertThat(feedback.messageProperty().get()).isEqualTo("Do not build the password from your email or name.");
    }

    @Test
    void aShortPassword_isRatedAtOnceWithoutTheServer() {
        PasswordFeedback offline =
                new PasswordFeedback(new SameThreadRunner(), () -> new BulwarkClient(URI.create("http://127.0.0.1:9")));

        offline.check("short", "", "");

        assertThat(offline.acceptableProperty().get()).isFalse();
        assertThat(offline.messageProperty().get()).isEqualTo("Use at least 12 characters.");
    }

    @Test
    void anEmptyPasswordOrAnUnreachableServer_showsNoVerdict() {
        PasswordFeedback offline =
                new PasswordFeedback(new SameThreadRunner(), () -> new BulwarkClient(URI.create("http://127.0.0.1:9")));

        offline.check("Pelican-umbrella-Violet-73-harbour", "", "");
        assertThat(offline.scoreProperty().get()).isEqualTo(PasswordFeedback.UNRATED);
        assertThat(offline.messageProperty().get()).isEmpty();

        feedback.check("qwertyuiopasdfghjkl", "", "");
        feedback.check("", "", "");
        assertThat(feedback.scoreProperty().get()).isEqualTo(PasswordFeedback.UNRATED);
        assertThat(feedback.messageProperty().get()).isEmpty();
    }
}
