package dev.bulwark.model.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.model.vault.PasswordGenerator.PassphraseOptions;
import dev.bulwark.model.vault.PasswordGenerator.PasswordOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordGeneratorTest {
    private final PasswordGenerator generator = new PasswordGenerator();

    @Test
    void passwords_haveTheAskedLength_fromEightTo128() {
        for (int length : List.of(8, 9, 20, 64, 128)) {
            assertThat(generator
                            .password(new PasswordOptions(length, true, true, true, true, false))
                            .length())
                    .isEqualTo(length);
        }
        assertThatThrownBy(() -> new PasswordOptions(7, true, true, true, true, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordOptions(129, true, true, true, true, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyChosenClass_appearsInEveryPassword_evenTheShortest() {
        PasswordOptions options = new PasswordOptions(8, true, true, true, true, false);
        for (int i = 0; i < 2_000; i++) {
            String value = generator.password(options).reveal();
            assertThat(value).containsPattern("[a-z]").containsPattern("[A-Z]").containsPattern("[0-9]");
            assertThat(value.chars().anyMatch(c -> PasswordGenerator.SYMBOLS.indexOf(c) >= 0))
                    .as("a symbol in a password")
                    .isTrue();
        }
    }

    @Test
    void unchosenClasses_neverAppear() {
        PasswordOptions digitsOnly = new PasswordOptions(32, false, false, true, false, false);
        for (int i = 0; i < 200; i++) {
            assertThat(generator.password(digitsOnly).reveal()).matches("[0-9]{32}");
        }
        assertThatThrownBy(() -> new PasswordOptions(20, false, false, false, false, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void excludingLookAlikes_leavesNoneOfThemInAnyPassword() {
        PasswordOptions options = new PasswordOptions(128, true, true, true, true, true);
        for (int i = 0; i < 500; i++) {
            String value = generator.password(options).reveal();
            assertThat(value.chars().noneMatch(c -> PasswordGenerator.LOOK_ALIKES.indexOf(c) >= 0))
                    .as("no look-alike characters")
                    .isTrue();
        }
    }

    @Test
    void passwords_doNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(generator.password(PasswordOptions.defaults()).reveal());
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void theEntropyEstimate_isLengthTimesTheBitsOfTheAlphabet() {
        PasswordOptions all = new PasswordOptions(20, true, true, true, false, false);
        assertThat(PasswordGenerator.entropyBits(all))
                .isCloseTo(20 * Math.log(62) / Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PasswordGenerator.entropyBits(PasswordOptions.defaults())).isGreaterThan(110);
        assertThat(PasswordGenerator.entropyBits(new PassphraseOptions(6, "-", false, false)))
                .isCloseTo(6 * 12.925, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void theBundledWordList_isTheEffLargeList() {
        List<String> words = PasswordGenerator.wordList();
        assertThat(words).hasSize(7_776).doesNotHaveDuplicates();
        assertThat(words.getFirst()).isEqualTo("abacus");
        assertThat(words.getLast()).isEqualTo("zoom");
    }

    @Test
    void passphrases_areWordsFromTheListJoinedBySeparator() {
        Set<String> words = new HashSet<>(PasswordGenerator.wordList());
        for (int i = 0; i < 200; i++) {
            // some EFF words hold a hyphen (t-shirt), so the check splits on a separator no word contains
            String value = generator
                    .passphrase(new PassphraseOptions(6, " ", false, false))
                    .reveal();
            assertThat(value.split(" ", -1)).hasSize(6).allMatch(words::contains);
        }
        String fancy =
                generator.passphrase(new PassphraseOptions(4, " ", true, true)).reveal();
        assertThat(fancy.split(" ")).hasSize(4).allMatch(w -> Character.isUpperCase(w.charAt(0)));
        assertThat(fancy).containsPattern("[0-9]");
        assertThatThrownBy(() -> new PassphraseOptions(2, "-", false, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedValues_printMasked() {
        assertThat(generator.password(PasswordOptions.defaults()).toString()).isEqualTo("Secret[****]");
    }
}
