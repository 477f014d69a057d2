package dev.bulwark.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpreadsheetTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"})
    void aCellThatWouldRunAsAFormula_getsAnApostrophe(String cell) {
        assertThat(SpreadsheetText.defused(cell)).isEqualTo("'" + cell);
    }

    @Test
    void plainText_staysAsItIs() {
        assertThat(SpreadsheetText.defused("ada@example.com")).isEqualTo("ada@example.com");
        assertThat(SpreadsheetText.defused("a=b")).isEqualTo("a=b");
    }

    @Test
    void nothing_becomesTheEmptyCell() {
        assertThat(SpreadsheetText.defused(null)).isEmpty();
        assertThat(SpreadsheetText.defused("")).isEmpty();
    }
}
