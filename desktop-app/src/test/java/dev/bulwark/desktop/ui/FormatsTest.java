package dev.bulwark.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.server.ServerMode;
import dev.bulwark.model.user.Role;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void uptime_showsTheTwoLargestUnits() {
        assertThat(Formats.uptime(42)).isEqualTo("42 s");
        assertThat(Formats.uptime(125)).isEqualTo("2 min 5 s");
        assertThat(Formats.uptime(2 * 3600 + 5 * 60 + 9)).isEqualTo("2 h 5 min");
        assertThat(Formats.uptime(3 * 86_400 + 4 * 3600 + 59)).isEqualTo("3 d 4 h");
    }

    @Test
    void roles_readAsWords() {
        assertThat(Formats.role(Role.ADMIN)).isEqualTo("Administrator");
        assertThat(Formats.role(Role.EDITOR)).isEqualTo("Editor");
        assertThat(Formats.role(Role.USER)).isEqualTo("User");
    }

    @Test
    void modes_readAsWords() {
        assertThat(Formats.mode(ServerMode.EMBEDDED)).isEqualTo("Embedded in this app");
        assertThat(Formats.mode(ServerMode.STANDALONE)).isEqualTo("Standalone server");
    }

    @Test
    void missingMoment_readsNever() {
        assertThat(Formats.dateTime(null)).isEqualTo("Never");
    }
}
