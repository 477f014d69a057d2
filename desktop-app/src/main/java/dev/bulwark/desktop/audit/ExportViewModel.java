package dev.bulwark.desktop.audit;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Problems;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditQuery;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Exports the events of the filters on show to a file, as CSV or as a bundle that {@code bulwark-server
 * verify-export} checks offline; shows how many events are written and can be cancelled, which leaves no file.
 */
public final class ExportViewModel {
    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final AuditViewModel audit;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyLongWrapper written = new ReadOnlyLongWrapper(this, "written", 0);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private AtomicBoolean cancelled = new AtomicBoolean();

    public ExportViewModel(BackgroundRunner runner, ServerConnection connection, AuditViewModel audit) {
        this.runner = runner;
        this.connection = connection;
        this.audit = audit;
    }

    /** The file name offered for an export in {@code format}. */
    public static String suggestedName(AuditExportFormat format) {
        return switch (format) {
            case CSV -> "audit-events.csv";
            case BUNDLE -> "audit-bundle.jsonl";
        };
    }

    /** Whether the filters on show can be exported now: every filter can, several actions included. */
    public boolean check() {
        problem.set("");
        return true;
    }

    /** Writes the events of the filters on show into {@code target}, in the background. */
    public void export(AuditExportFormat format, Path target) {
        if (running.get() || !check()) {
            return;
        }
        AuditFilters filters = audit.appliedFiltersProperty().get();
        if (filters == null) {
            filters = audit.filters();
        }
        List<String> codes = filters.action().codes();
        AuditQuery base = audit.query(filters, null);
        AuditQuery query = base.withActions(codes);
        AtomicBoolean stop = new AtomicBoolean();
        cancelled = stop;
        AtomicLong latest = new AtomicLong();
        running.set(true);
        written.set(0);
        progress.set("Exporting…");
        notice.set("");
        problem.set("");
        runner.run(
                () -> connection
                        .client()
                        .audit()
                        .export(
                                query,
                                format,
                                target,
                                count -> {
                                    latest.set(count);
                                    runner.onUiThread(() -> showWritten(latest.get()));
                                },
                                stop::get),
                count -> {
                    running.set(false);
                    showWritten(count);
                    progress.set("");
                    notice.set("Exported " + AuditText.count(count, "event") + " to " + target + ".");
                },
                failure -> {
                    running.set(false);
                    progress.set("");
                    if (failure instanceof CancellationException) {
                        notice.set("Export cancelled; no file was written.");
                    } else if (failure instanceof UncheckedIOException io) {
                        problem.set("The export failed: " + io.getMessage() + ".");
                    } else {
                        problem.set("The export failed: " + Problems.describe(failure));
                    }
                });
    }

    private void showWritten(long count) {
        if (running.get()) {
            written.set(count);
            progress.set(AuditText.count(count, "event") + " written…");
        }
    }

    /** Stops the running export; its partial file is removed. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Whether an export runs. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** How many events the running export has written. */
    public ReadOnlyLongProperty writtenProperty() {
        return written.getReadOnlyProperty();
    }

    /** "1,500 events written…" while running; empty otherwise. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Where the last export went and how many events it holds, or that it was cancelled. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
