package dev.bulwark.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Pages;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The Settings page: one tab per area of the server's settings (keys, sign-in providers, second factor, ...). Each
 * area builds its own tab; this page only lays them out.
 */
public final class SettingsView {
    private final Parent root;

    /** @param tabs the areas, in the order they are shown; none gives a page that says so */
    public SettingsView(List<Tab> tabs) {
        TabPane pane = new TabPane();
        pane.setId("settingsTabs");
        pane.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        pane.getTabs().setAll(tabs);
        pane.getStyleClass().add(Styles.TABS_FLOATING);
        Label empty = new Label("This server has no settings that can be changed from the console yet.");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        this.root = Pages.page("Settings", tabs.isEmpty() ? empty : pane);
        root.setId("settingsPage");
    }

    public Parent root() {
        return root;
    }
}
