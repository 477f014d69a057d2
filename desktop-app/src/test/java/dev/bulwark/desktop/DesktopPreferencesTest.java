package dev.bulwark.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.ui.Appearance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesktopPreferencesTest {
    @TempDir
    Path dataDirectory;

    @Test
    void noChoiceYet_isLight() {
        assertThat(new DesktopPreferences(dataDirectory).appearance()).isEqualTo(Appearance.LIGHT);
    }

    @Test
    void chosenTheme_isRememberedAcrossStarts() {
        new DesktopPreferences(dataDirectory).saveAppearance(Appearance.DARK);

        assertThat(new DesktopPreferences(dataDirectory).appearance()).isEqualTo(Appearance.DARK);
    }

    @Test
    void unreadableFile_fallsBackToLight() throws Exception {
        Files.writeString(dataDirectory.resolve(DesktopPreferences.FILE_NAME), "{not json");

        assertThat(new DesktopPreferences(dataDirectory).appearance()).isEqualTo(Appearance.LIGHT);
    }
}
