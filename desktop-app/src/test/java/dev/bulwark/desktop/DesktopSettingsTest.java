package dev.bulwark.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesktopSettingsTest {
    private static final Path HOME = Path.of("/home/ada");

    @Test
    void dataDirArgument_winsOverEnvironment() {
        DesktopSettings settings = DesktopSettings.fromArguments(
                List.of("--data-dir", "/srv/bulwark"), Map.of("XDG_DATA_HOME", "/xdg"), HOME);

        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/srv/bulwark"));
    }

    @Test
    void dataDirWithEqualsSign_isRead() {
        DesktopSettings settings = DesktopSettings.fromArguments(List.of("--data-dir=/srv/b"), Map.of(), HOME);

        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/srv/b"));
    }

    @Test
    void withoutArgument_usesXdgDataHome() {
        DesktopSettings settings = DesktopSettings.fromArguments(List.of(), Map.of("XDG_DATA_HOME", "/xdg"), HOME);

        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/xdg/bulwark"));
    }

    @Test
    void withoutArgumentOrXdg_usesLocalShareInHome() {
        DesktopSettings settings = DesktopSettings.fromArguments(List.of(), Map.of(), HOME);

        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/home/ada/.local/share/bulwark"));
    }

    @Test
    void relativeXdgDataHome_isIgnoredAsTheSpecificationSays() {
        DesktopSettings settings = DesktopSettings.fromArguments(List.of(), Map.of("XDG_DATA_HOME", "relative"), HOME);

        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/home/ada/.local/share/bulwark"));
    }

    @Test
    void environment_isHandedToTheEmbeddedServer() {
        DesktopSettings settings =
                DesktopSettings.fromArguments(List.of(), Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "700000"), HOME);

        assertThat(settings.environment()).containsEntry("BULWARK_PASSWORD_HASH_ITERATIONS", "700000");
    }

    @Test
    void dataDirWithoutValue_isRefusedWithASentence() {
        assertThatThrownBy(() -> DesktopSettings.fromArguments(List.of("--data-dir"), Map.of(), HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--data-dir needs a directory.");
    }

    @Test
    void unknownArgument_isRefusedWithASentence() {
        assertThatThrownBy(() -> DesktopSettings.fromArguments(List.of("--port", "1"), Map.of(), HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown argument: --port.");
    }
}
