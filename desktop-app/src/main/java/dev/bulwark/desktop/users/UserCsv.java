package dev.bulwark.desktop.users;

import dev.bulwark.desktop.ui.UserFacingException;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserImportRow;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads users to import from a CSV file (RFC 4180, UTF-8) with a header row. Columns, in any order and case:
 * {@code email} (required), {@code name} or {@code displayName} (required), {@code role} (Administrator, Editor or
 * User; User when empty) and {@code groups} (group names separated by semicolons). Other columns are ignored.
 */
final class UserCsv {
    static final int MAX_ROWS = 1_000;
    private static final Map<String, Role> ROLES = Map.of(
            "administrator", Role.ADMIN,
            "admin", Role.ADMIN,
            "editor", Role.EDITOR,
            "user", Role.USER);

    private UserCsv() {}

    /**
     * The rows of {@code csv}, in file order.
     *
     * @throws UserFacingException with a sentence naming the row or column when the file cannot be imported as is
     */
    static List<UserImportRow> read(Reader csv) {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreHeaderCase(true)
                .setTrim(true)
                .get();
        try (CSVParser parser = format.parse(csv)) {
            String email = column(parser, "email").orElseThrow(() -> missing("email"));
            String name = column(parser, "name")
                    .or(() -> column(parser, "displayName"))
                    .orElseThrow(() -> missing("name"));
            Optional<String> role = column(parser, "role");
            Optional<String> groups = column(parser, "groups");
            List<UserImportRow> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (rows.size() == MAX_ROWS) {
                    throw new UserFacingException(
                            "The file has more than " + MAX_ROWS + " users. Split it and import the parts one by one.");
                }
                rows.add(new UserImportRow(
                        value(record, email),
                        value(record, name),
                        role.map(r -> role(record, r)).orElse(null),
                        groups.map(g -> groups(value(record, g))).orElse(List.of())));
            }
            if (rows.isEmpty()) {
                throw new UserFacingException("The file has a header but no users.");
            }
            return rows;
        } catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new UserFacingException("The file could not be read as CSV: "
                    + (e.getMessage() == null ? "unexpected end." : e.getMessage()));
        }
    }

    private static Optional<String> column(CSVParser parser, String wanted) {
        return parser.getHeaderNames().stream()
                .filter(h -> h.strip().equalsIgnoreCase(wanted))
                .findFirst();
    }

    private static UserFacingException missing(String column) {
        return new UserFacingException("The file has no \"" + column
                + "\" column. The first row must name the columns: email, name, role, groups.");
    }

    private static String value(CSVRecord record, String column) {
        return record.isMapped(column) && record.isSet(column) ? record.get(column) : "";
    }

    private static Role role(CSVRecord record, String column) {
        String text = value(record, column).strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return null;
        }
        Role role = ROLES.get(text);
        if (role == null) {
            throw new UserFacingException("Row " + (record.getRecordNumber() + 1) + ": the role \"" + text
                    + "\" is not Administrator, Editor or User.");
        }
        return role;
    }

    private static List<String> groups(String text) {
        return Arrays.stream(text.split(";"))
                .map(String::strip)
                .filter(g -> !g.isEmpty())
                .toList();
    }
}
