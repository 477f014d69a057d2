package dev.bulwark.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphicsPreflightTest {
    private static final Map<String, String> WITH_DISPLAY = Map.of("DISPLAY", ":0");

    private record FakeMachine(boolean gtkLoads, boolean displayOpens) implements GraphicsPreflight.Machine {}

    @Test
    void gtkAndDisplayPresent_startsTheConsole() {
        assertThat(GraphicsPreflight.problem("Linux", WITH_DISPLAY, null, new FakeMachine(true, true)))
                .isEmpty();
    }

    @Test
    void withoutGtk_namesThePackageToInstall() {
        assertThat(GraphicsPreflight.problem("Linux", WITH_DISPLAY, null, new FakeMachine(false, true)))
                .hasValue(GraphicsPreflight.GTK_MISSING);
        assertThat(GraphicsPreflight.GTK_MISSING).contains("apt-get install libgtk-3-0");
    }

    @Test
    void withoutDisplayVariable_saysToSetDisplay() {
        assertThat(GraphicsPreflight.problem("Linux", Map.of("DISPLAY", " "), null, new FakeMachine(true, true)))
                .hasValue(GraphicsPreflight.DISPLAY_UNSET);
        assertThat(GraphicsPreflight.problem("Linux", Map.of(), null, new FakeMachine(true, true)))
                .hasValue(GraphicsPreflight.DISPLAY_UNSET);
    }

    @Test
    void displayThatDoesNotOpen_isNamed() {
        assertThat(GraphicsPreflight.problem("Linux", Map.of("DISPLAY", ":7"), null, new FakeMachine(true, false)))
                .hasValue(GraphicsPreflight.displayClosed(":7"))
                .get()
                .asString()
                .contains("DISPLAY=:7");
    }

    @Test
    void otherSystemsAndOwnGlassPlatforms_areNotChecked() {
        GraphicsPreflight.Machine nothing = new FakeMachine(false, false);

        assertThat(GraphicsPreflight.problem("Windows 11", Map.of(), null, nothing))
                .isEmpty();
        assertThat(GraphicsPreflight.problem("Mac OS X", Map.of(), null, nothing))
                .isEmpty();
        assertThat(GraphicsPreflight.problem("Linux", Map.of(), "Headless", nothing))
                .isEmpty();
    }

    @Test
    void libraryNotOnTheLibraryPath_doesNotLoad() {
        GraphicsPreflight.Machine missing =
                new GraphicsPreflight.NativeMachine("libbulwark-no-such-gtk.so.0", "libbulwark-no-such-x11.so.6");

        assertThat(missing.gtkLoads()).isFalse();
        assertThat(missing.displayOpens()).isFalse();
    }
}
