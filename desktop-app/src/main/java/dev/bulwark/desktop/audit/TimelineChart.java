package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditHistogram.Bucket;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * Events per bucket as bars on one canvas, failures and denials stacked in red at the foot of each bar. One
 * canvas redrawn on change keeps even 2,000 buckets cheap; a click on a bucket's column hands that bucket over.
 */
final class TimelineChart extends Region {
    private static final Color TOTAL = Color.web("#4f8fd8");
    private static final Color FAILURE = Color.web("#d1242f");
    private static final Color AXIS = Color.web("#8c959f");
    private static final double GAP = 1;
    /** Few buckets make narrow bars in wide columns rather than slabs. */
    private static final double MAX_BAR = 36;

    private final ObservableList<Bucket> buckets;
    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();

    TimelineChart(ObservableList<Bucket> buckets, Consumer<Bucket> onChosen) {
        this.buckets = buckets;
        setId("timeline");
        getStyleClass().add("timeline-chart");
        getChildren().add(canvas);
        setMinHeight(50);
        setPrefHeight(64);
        buckets.addListener((ListChangeListener<Bucket>) change -> draw());
        widthProperty().addListener((observable, old, now) -> draw());
        heightProperty().addListener((observable, old, now) -> draw());
        tip.setShowDelay(Duration.millis(150));
        Tooltip.install(this, tip);
        setOnMouseMoved(event -> {
            Bucket bucket = at(event.getX());
            tip.setText(bucket == null ? "" : describe(bucket));
        });
        setOnMouseClicked(event -> {
            Bucket bucket = at(event.getX());
            if (bucket != null) {
                onChosen.accept(bucket);
            }
        });
    }

    /** The buckets on show. */
    List<Bucket> buckets() {
        return List.copyOf(buckets);
    }

    /** The horizontal middle of bucket {@code index}'s column. */
    double centreOf(int index) {
        return (index + 0.5) * getWidth() / buckets.size();
    }

    /** The bucket whose column holds {@code x}; {@code null} when there is none. */
    Bucket at(double x) {
        List<Bucket> list = buckets;
        if (list.isEmpty() || getWidth() <= 0) {
            return null;
        }
        int index = (int) (x / (getWidth() / list.size()));
        return index >= 0 && index < list.size() ? list.get(index) : null;
    }

    private static String describe(Bucket bucket) {
        return AuditText.time(bucket.start()) + "\n" + AuditText.count(bucket.total(), "event") + ", "
                + AuditText.count(bucket.failures(), "failure or denial", "failures or denials");
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        g.setFill(AXIS);
        g.fillRect(0, h - 1, w, 1);
        long max = buckets.stream().mapToLong(Bucket::total).max().orElse(0);
        if (max == 0 || w <= 0) {
            return;
        }
        double column = w / buckets.size();
        double bar = Math.min(MAX_BAR, Math.max(1, column - GAP));
        double offset = (column - bar) / 2;
        double scale = (h - 4) / max;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            double x = i * column + offset;
            double total = b.total() * scale;
            double failed = b.failures() * scale;
            g.setFill(TOTAL);
            g.fillRect(x, h - 1 - total, bar, total - failed);
            g.setFill(FAILURE);
            g.fillRect(x, h - 1 - failed, bar, failed);
        }
    }
}
