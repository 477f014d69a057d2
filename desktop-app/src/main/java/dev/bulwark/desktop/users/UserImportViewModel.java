package dev.bulwark.desktop.users;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.UserFacingException;
import dev.bulwark.model.SpreadsheetText;
import dev.bulwark.model.user.UserImportReport;
import dev.bulwark.model.user.UserImportRequest;
import dev.bulwark.model.user.UserImportRow;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Importing users from a CSV file: read the file, let the server check every row (a dry run, nothing created),
 * show the per-row verdict, then import for real and show what happened to each row; the report can be saved.
 */
public final class UserImportViewModel {
    /** Where the import stands. */
    public enum Stage {
        NO_FILE,
        CHECKED,
        IMPORTED
    }

    private final ServerConnection connection;
    private final Runnable onImported;
    private final Activity activity;
    private final ReadOnlyStringWrapper fileName = new ReadOnlyStringWrapper(this, "fileName", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<Stage> stage = new ReadOnlyObjectWrapper<>(this, "stage", Stage.NO_FILE);
    private final ObservableList<UserImportReport.Row> results = FXCollections.observableArrayList();
    private final BooleanBinding mayImport;
    private List<UserImportRow> rows = List.of();
    private int importable;

    /** @param onImported runs after a real import created at least one user, to refresh the users list */
    public UserImportViewModel(BackgroundRunner runner, ServerConnection connection, Runnable onImported) {
        this.connection = connection;
        this.onImported = onImported;
        this.activity = new Activity(runner);
        this.mayImport = Bindings.createBooleanBinding(
                () -> stage.get() == Stage.CHECKED
                        && importable > 0
                        && !activity.busyProperty().get(),
                stage,
                activity.busyProperty(),
                results);
    }

    /** Reads {@code file} and has the server check every row without creating anyone. */
    public void check(Path file) {
        List<UserImportRow> read;
        try {
            read = read(file);
        } catch (UserFacingException e) {
            reset(file);
            activity.fail(e);
            return;
        }
        reset(file);
        rows = read;
        activity.run(
                () -> connection.client().users().importUsers(new UserImportRequest(read, true)),
                report -> show(report, Stage.CHECKED));
    }

    /** Creates the users the check found importable; every row is reported again. */
    public void importChecked() {
        if (!mayImport.get()) {
            return;
        }
        List<UserImportRow> toImport = rows;
        activity.run(() -> connection.client().users().importUsers(new UserImportRequest(toImport, false)), report -> {
            show(report, Stage.IMPORTED);
            if (report.created() > 0) {
                onImported.run();
            }
        });
    }

    /** Writes the rows' results as CSV (row, email, result, message) to {@code file}. */
    public void saveReport(Path file) {
        List<UserImportReport.Row> snapshot = List.copyOf(results);
        activity.run(
                () -> {
                    writeReport(file, snapshot);
                    return file;
                },
                written -> summary.set(summary.get() + " Report saved to " + written.getFileName() + "."));
    }

    private void reset(Path file) {
        fileName.set(file.getFileName().toString());
        results.clear();
        summary.set("");
        importable = 0;
        rows = List.of();
        stage.set(Stage.NO_FILE);
    }

    private void show(UserImportReport report, Stage now) {
        importable = report.created();
        results.setAll(report.rows());
        summary.set(
                report.dryRun()
                        ? report.created() + " of " + count(report.rows().size(), "user") + " can be imported"
                                + (report.failed() == 0 ? "." : "; " + count(report.failed(), "row") + " to fix.")
                        : count(report.created(), "user") + " imported"
                                + (report.failed() == 0 ? "." : "; " + count(report.failed(), "row") + " refused."));
        stage.set(now);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static List<UserImportRow> read(Path file) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader in = new java.io.InputStreamReader(Files.newInputStream(file), decoder)) {
            return UserCsv.read(in);
        } catch (IOException | UncheckedIOException e) {
            throw new UserFacingException("The file could not be read. Is it a UTF-8 CSV file?", e);
        }
    }

    private static void writeReport(Path file, List<UserImportReport.Row> rows) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = CSVFormat.RFC4180
                        .builder()
                        .setHeader("row", "email", "result", "message")
                        .get()
                        .print(out)) {
            for (UserImportReport.Row row : rows) {
                csv.printRecord(
                        row.row(),
                        SpreadsheetText.defused(row.email()),
                        row.outcome().name().toLowerCase(java.util.Locale.ROOT),
                        SpreadsheetText.defused(row.message()));
            }
        } catch (IOException e) {
            throw new UserFacingException("The report could not be saved: " + e.getMessage(), e);
        }
    }

    /** The name of the file being imported. */
    public ReadOnlyStringProperty fileNameProperty() {
        return fileName.getReadOnlyProperty();
    }

    /** One sentence on the check or the import. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Stage> stageProperty() {
        return stage.getReadOnlyProperty();
    }

    /** The per-row results of the latest check or import. */
    public ObservableList<UserImportReport.Row> results() {
        return FXCollections.unmodifiableObservableList(results);
    }

    /** Whether the checked rows may be imported now. */
    public BooleanBinding mayImportProperty() {
        return mayImport;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
