package dev.bulwark.desktop.ui;

import atlantafx.base.controls.Card;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** The layout every page inside the console's frame shares: a title row, then cards. */
public final class Pages {
    private Pages() {}

    /** A page: a title, optional tools at the right of the title, then the body, scrolling when needed. */
    public static ScrollPane page(String title, Node body, Node... tools) {
        HBox titleRow = titleRow(title, tools);
        VBox content = new VBox(20, titleRow, body);
        content.setPadding(new Insets(24, 32, 32, 32));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    /**
     * A workspace with notices and problems on top, then a list and the selected item's detail side by side.
     *
     * @param divider the list's share of the width, from 0 to 1
     */
    public static VBox listAndDetail(
            String title,
            Node list,
            Node detail,
            double divider,
            ObservableStringValue notice,
            ObservableStringValue problem,
            ObservableBooleanValue busy,
            Node action) {
        VBox messages = new VBox(4, Forms.notice(notice), Forms.problem(problem));
        SplitPane split = new SplitPane(list, detail);
        split.setDividerPositions(divider);
        VBox body = new VBox(10, messages, split);
        VBox.setVgrow(split, Priority.ALWAYS);
        return workspace(title, body, Forms.busyIndicator(busy), action);
    }

    private static HBox titleRow(String title, Node... tools) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_2);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox row = new HBox(12, heading, gap);
        row.getChildren().addAll(tools);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /**
     * A page that fills the window instead of scrolling, for a table with a detail pane: a title, optional tools
     * at the right of the title, then the body, which takes the remaining height.
     */
    public static VBox workspace(String title, Node body, Node... tools) {
        HBox titleRow = titleRow(title, tools);
        VBox content = new VBox(16, titleRow, body);
        VBox.setVgrow(body, Priority.ALWAYS);
        content.setPadding(new Insets(24, 32, 24, 32));
        return content;
    }

    /** A card with an icon and a title over {@code body}. */
    public static Card card(Ikon icon, String title, Node body) {
        Label heading = new Label(title, new FontIcon(icon));
        heading.getStyleClass().add(Styles.TITLE_4);
        Card card = new Card();
        card.setHeader(heading);
        card.setBody(body);
        card.getStyleClass().add(Styles.ELEVATED_1);
        card.setMinWidth(340);
        card.setPrefWidth(430);
        card.setMaxWidth(560);
        return card;
    }
}
