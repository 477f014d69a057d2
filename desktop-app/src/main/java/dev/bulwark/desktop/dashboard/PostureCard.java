package dev.bulwark.desktop.dashboard;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Pages;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureStatus;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The posture card of the dashboard: the score coloured by the worst verdict, then one line per check that opens
 * to what was found, why it matters and how to fix it.
 */
final class PostureCard {
    private final Node root;

    PostureCard(DashboardViewModel viewModel) {
        Label score = new Label();
        score.setId("postureScore");
        score.getStyleClass().add(Styles.TITLE_2);
        score.textProperty().bind(viewModel.postureScoreProperty());
        viewModel.postureGradeProperty().subscribe(grade -> {
            score.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
            if (grade != null) {
                score.getStyleClass().add(styleOf(grade));
            }
        });
        Label summary = new Label();
        summary.setId("postureSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.postureSummaryProperty());
        HBox header = new HBox(16, score, summary);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        VBox checks = new VBox(4);
        checks.setId("postureChecks");
        viewModel.postureChecks().addListener((ListChangeListener<PostureCheck>)
                change -> show(checks, change.getList()));
        show(checks, viewModel.postureChecks());

        var card = Pages.card(MaterialDesignS.SHIELD_CHECK_OUTLINE, "Security posture", new VBox(12, header, checks));
        card.setMaxWidth(Double.MAX_VALUE);
        card.setPrefWidth(880);
        card.setId("postureCard");
        this.root = card;
    }

    Node root() {
        return root;
    }

    private static void show(VBox checks, List<? extends PostureCheck> list) {
        // keep open what the person opened, across the 30-second refresh
        List<String> open = checks.getChildren().stream()
                .filter(n -> n instanceof TitledPane pane && pane.isExpanded())
                .map(Node::getId)
                .toList();
        checks.getChildren()
                .setAll(list.stream().map(c -> row(c, open.contains(rowId(c)))).toList());
    }

    private static String rowId(PostureCheck check) {
        return "posture-" + check.id();
    }

    private static TitledPane row(PostureCheck check, boolean expanded) {
        FontIcon icon = new FontIcon(
                switch (check.status()) {
                    case PASS -> MaterialDesignC.CHECK_CIRCLE_OUTLINE;
                    case WARN -> MaterialDesignA.ALERT_OUTLINE;
                    case FAIL -> MaterialDesignC.CLOSE_CIRCLE_OUTLINE;
                });
        icon.getStyleClass().add(styleOf(check.status()));
        Label verdict = new Label(check.status().name().toLowerCase(java.util.Locale.ROOT));
        verdict.getStyleClass().addAll(styleOf(check.status()), Styles.TEXT_SMALL);

        Label detail = paragraph(check.detail());
        detail.setId(rowId(check) + "-detail");
        Label why = paragraph("Why it matters: " + check.why());
        why.setId(rowId(check) + "-why");
        VBox body = new VBox(6, detail, why);
        if (!check.fix().isEmpty()) {
            Label fix = paragraph("How to fix: " + check.fix());
            fix.setId(rowId(check) + "-fix");
            fix.getStyleClass().add(Styles.TEXT_BOLD);
            body.getChildren().add(fix);
        }
        TitledPane pane = new TitledPane(check.title(), body);
        pane.setGraphic(new HBox(6, icon, verdict));
        pane.setId(rowId(check));
        pane.setExpanded(expanded);
        pane.setAnimated(false);
        pane.getStyleClass().add(Styles.DENSE);
        return pane;
    }

    private static Label paragraph(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE); // wrap to as many lines as needed instead of cutting with "..."
        return label;
    }

    private static String styleOf(PostureStatus status) {
        return switch (status) {
            case PASS -> Styles.SUCCESS;
            case WARN -> Styles.WARNING;
            case FAIL -> Styles.DANGER;
        };
    }
}
