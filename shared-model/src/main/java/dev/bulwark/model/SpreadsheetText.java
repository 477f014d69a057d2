package dev.bulwark.model;

/**
 * Text bound for a CSV file that people open in a spreadsheet.
 *
 * <p>A spreadsheet runs a cell that starts with {@code = + - @}, a tab or a carriage return as a formula (CSV
 * injection). {@link #defused} prefixes such a cell with an apostrophe, so it is shown as the text it is.
 */
public final class SpreadsheetText {
    private SpreadsheetText() {}

    /** The cell as text a spreadsheet shows but never runs; {@code null} becomes the empty string. */
    public static String defused(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        return "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
