package dev.bulwark.desktop.audit;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Problems;
import dev.bulwark.model.audit.AuditHistogram;
import dev.bulwark.model.audit.AuditHistogram.Bucket;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.AuditClient;
import java.time.Duration;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * The audit page's timeline: events per time bucket for the filters on show, failures and denials counted apart.
 * It follows the page's filters a moment after they settle, so a burst of changes asks the server once; choosing a
 * bucket narrows the page's time filter to it.
 */
public final class TimelineViewModel implements AutoCloseable {
    /** How long the filters must stay unchanged before the timeline is read again. */
    public static final Duration SETTLE = Duration.ofMillis(300);

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final AuditViewModel audit;
    private final ObservableList<Bucket> buckets = FXCollections.observableArrayList();
    private final ObservableList<Bucket> bucketsView = FXCollections.unmodifiableObservableList(buckets);
    private final ReadOnlyObjectWrapper<Duration> width = new ReadOnlyObjectWrapper<>(this, "width");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption", "");
    private Subscription pending = Subscription.EMPTY;
    private long generation;

    public TimelineViewModel(BackgroundRunner runner, ServerConnection connection, AuditViewModel audit) {
        this.runner = runner;
        this.connection = connection;
        this.audit = audit;
        // Invalidation, not change: applying equal filters again (Apply, or the live tail starting over) reads anew.
        audit.appliedFiltersProperty().addListener(observable -> refreshSoon());
    }

    /** Reads the timeline again once the filters have not changed for {@link #SETTLE}. */
    public void refreshSoon() {
        pending.unsubscribe();
        Subscription[] self = new Subscription[1];
        self[0] = runner.every(SETTLE, () -> {
            self[0].unsubscribe();
            refresh();
        });
        pending = self[0];
    }

    /** Reads the timeline of the filters on show now. */
    public void refresh() {
        pending.unsubscribe();
        pending = Subscription.EMPTY;
        AuditFilters filters = audit.appliedFiltersProperty().get();
        if (filters == null) {
            return;
        }
        AuditQuery query = audit.query(filters, null);
        List<String> codes = filters.action().codes();
        long mine = ++generation;
        loading.set(true);
        runner.run(
                () -> read(connection.client().audit(), query, codes),
                histogram -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    problem.set("");
                    width.set(histogram.bucket());
                    buckets.setAll(histogram.buckets());
                    caption.set(caption(histogram));
                },
                failure -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    problem.set("The timeline could not be read: " + Problems.describe(failure));
                });
    }

    /** Narrows the page's time filter to {@code bucket}. */
    public void choose(Bucket bucket) {
        Duration w = width.get();
        if (bucket != null && w != null) {
            audit.narrowTo(bucket.start(), bucket.start().plus(w));
        }
    }

    /** The histogram of {@code query} for any of {@code codes} (any action when empty), in buckets the server chooses. */
    static AuditHistogram read(AuditClient audit, AuditQuery query, List<String> codes) {
        return audit.histogram(query.withActions(codes), null);
    }

    private static String caption(AuditHistogram histogram) {
        long total = histogram.buckets().stream().mapToLong(Bucket::total).sum();
        long failed = histogram.buckets().stream().mapToLong(Bucket::failures).sum();
        return AuditText.count(total, "event") + " in buckets of " + AuditText.duration(histogram.bucket()) + "; "
                + AuditText.count(failed, "failure or denial", "failures or denials") + " in red. Click a bar to"
                + " see only its events.";
    }

    @Override
    public void close() {
        pending.unsubscribe();
        pending = Subscription.EMPTY;
    }

    /** The buckets in time order. */
    public ObservableList<Bucket> buckets() {
        return bucketsView;
    }

    /** The width of every bucket; {@code null} until read. */
    public ReadOnlyObjectProperty<Duration> widthProperty() {
        return width.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the chart shows, in a sentence. */
    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }
}
