package dev.bulwark.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.audit.PinnedCheckpoint;
import dev.bulwark.desktop.ui.Appearance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    void pinnedCheckpoints_areKeptPerServerAndSurviveAThemeChange() {
        PinnedCheckpoint local = new PinnedCheckpoint(12, "ab12", Instant.parse("2026-11-22T10:00:00Z"));
        PinnedCheckpoint remote = new PinnedCheckpoint(7, "cd34", Instant.parse("2026-11-22T11:00:00Z"));
        DesktopPreferences preferences = new DesktopPreferences(dataDirectory);
        preferences.pinCheckpoint("this-computer:/data", local);
        preferences.pinCheckpoint("https://bulwark.example.com", remote);

        preferences.saveAppearance(Appearance.DARK);

        DesktopPreferences reread = new DesktopPreferences(dataDirectory);
        assertThat(reread.pinnedCheckpoint("this-computer:/data")).contains(local);
        assertThat(reread.pinnedCheckpoint("https://bulwark.example.com")).contains(remote);
        assertThat(reread.pinnedCheckpoint("https://other.example.com")).isEmpty();
        assertThat(reread.appearance()).isEqualTo(Appearance.DARK);
    }

    @Test
    void unreadableFile_fallsBackToLight() throws Exception {
        Files.writeString(dataDirectory.resolve(DesktopPreferences.FILE_NAME), "{not json");

        assertThat(new DesktopPreferences(dataDirectory).appearance()).isEqualTo(Appearance.LIGHT);
    }
}
