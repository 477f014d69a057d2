package dev.bulwark.desktop.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.desktop.ui.UserFacingException;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserImportRow;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserCsvTest {
    private static List<UserImportRow> read(String csv) {
        return UserCsv.read(new StringReader(csv));
    }

    @Test
    void columnsAreFoundByName_inAnyOrderAndCase_withQuotedCommasAndGroupLists() {
        List<UserImportRow> rows = read("""
                Groups,EMAIL,Name,role,notes
                "Ops; Auditors",ann@example.com,"Archer, Ann",Editor,ignored
                ,bob@example.com,Bob,,
                """);

        assertThat(rows)
                .containsExactly(
                        new UserImportRow("ann@example.com", "Archer, Ann", Role.EDITOR, List.of("Ops", "Auditors")),
                        new UserImportRow("bob@example.com", "Bob", null, List.of()));
    }

    @Test
    void displayName_isAcceptedForTheNameColumn_andRolesReadAsPeopleWriteThem() {
        List<UserImportRow> rows =
                read("email,displayName,role\na@example.com,A,administrator\nb@example.com,B,USER\n");

        assertThat(rows).extracting(UserImportRow::role).containsExactly(Role.ADMIN, Role.USER);
    }

    @Test
    void aMissingColumn_anUnknownRole_orNoRows_isOneSentence() {
        assertThatThrownBy(() -> read("mail,name\nx@example.com,X\n"))
                .isInstanceOf(UserFacingException.class)
                .hasMessageStartingWith("The file has no \"email\" column.");
        assertThatThrownBy(() -> read("email,name,role\nx@example.com,X,boss\n"))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("Row 2: the role \"boss\" is not Administrator, Editor or User.");
        assertThatThrownBy(() -> read("email,name\n"))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("The file has a header but no users.");
    }

    @Test
    void moreThanAThousandRows_areRefusedBeforeAnythingIsSent() {
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i <= UserCsv.MAX_ROWS; i++) {
            csv.append("u").append(i).append("@example.com,U\n");
        }

        assertThatThrownBy(() -> read(csv.toString()))
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("more than 1000 users");
    }
}
