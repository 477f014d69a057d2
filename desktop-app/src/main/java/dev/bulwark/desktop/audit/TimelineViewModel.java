package dev.bulwark.desktop.audit;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Problems;
import dev.bulwark.model.audit.AuditHistogram;
import dev.bulwark.model.audit.AuditHistogram.Bucket;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.AuditClient;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * The histogram of {@code query} for any of {@code codes}: one request per code, the first choosing the
     * buckets and the others asked for the same ones, added up bucket by bucket.
     */
    static AuditHistogram read(AuditClient audit, AuditQuery query, List<String> codes) {
        if (codes.isEmpty()) {
            return audit.histogram(query, null);
        }
        AuditHistogram first = audit.histogram(withAction(query, codes.getFirst()), null);
        long[] totals = first.buckets().stream().mapToLong(Bucket::total).toArray();
        long[] failures = first.buckets().stream().mapToLong(Bucket::failures).toArray();
        AuditQuery same = new AuditQuery(
                first.from(),
                first.to(),
                query.actor(),
                null,
                query.targetType(),
                query.targetId(),
                query.outcome(),
                query.ip(),
                query.q(),
                null,
                null);
        for (String code : codes.subList(1, codes.size())) {
            List<Bucket> more =
                    audit.histogram(withAction(same, code), first.bucket()).buckets();
            for (int i = 0; i < Math.min(more.size(), totals.length); i++) {
                totals[i] += more.get(i).total();
                failures[i] += more.get(i).failures();
            }
        }
        List<Bucket> summed = new ArrayList<>(totals.length);
        for (int i = 0; i < totals.length; i++) {
            summed.add(new Bucket(first.buckets().get(i).start(), totals[i], failures[i]));
        }
        return new AuditHistogram(first.from(), first.to(), first.bucket(), summed);
    }

    private static AuditQuery withAction(AuditQuery q, String code) {
        return new AuditQuery(
                q.from(),
                q.to(),
                q.actor(),
                code,
                q.targetType(),
                q.targetId(),
                q.outcome(),
                q.ip(),
                q.q(),
                null,
                null);
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
