package dev.bulwark.desktop.shell;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Appearance;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.model.permission.Module;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/** The console's frame: header, navigation on the left, the page in the middle. */
public final class ShellView {
    private final ShellViewModel viewModel;
    private final Map<Page, Parent> pages;
    private final BorderPane root = new BorderPane();

    /** @param pages the node of every page the navigation offers */
    public ShellView(ShellViewModel viewModel, Map<Page, Parent> pages) {
        this.viewModel = viewModel;
        this.pages = Map.copyOf(pages);
        root.setId("shell");
        root.setTop(new VBox(header(), warningBanner()));
        root.setLeft(navigation());
        root.setCenter(this.pages.get(viewModel.pageProperty().get()));
        viewModel.pageProperty().addListener((observable, old, page) -> root.setCenter(this.pages.get(page)));
    }

    public Parent root() {
        return root;
    }

    private HBox header() {
        FontIcon logo = new FontIcon(MaterialDesignS.SHIELD_LOCK_OUTLINE);
        logo.getStyleClass().add("brand-icon-small");
        Label brand = new Label("Bulwark", logo);
        brand.getStyleClass().add(Styles.TITLE_4);

        Label server = new Label(viewModel.serverLabel());
        server.setId("serverLabel");
        server.getStyleClass().add(Styles.TEXT_BOLD);
        Label address = new Label(viewModel.serverAddress());
        address.setId("serverAddress");
        address.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox serverBox = new VBox(0, server, address);
        serverBox.setAlignment(Pos.CENTER_LEFT);

        Label user = new Label(viewModel.userDisplayName());
        user.setId("signedInUser");
        user.getStyleClass().add(Styles.TEXT_BOLD);
        Label role = new Label(viewModel.userRole());
        role.setId("signedInRole");
        role.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox userBox = new VBox(0, user, role);
        userBox.setAlignment(Pos.CENTER_RIGHT);

        Button theme = new Button();
        theme.setId("toggleTheme");
        theme.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        showAppearance(theme, viewModel.appearanceProperty().get());
        viewModel.appearanceProperty().addListener((observable, old, now) -> showAppearance(theme, now));
        theme.setOnAction(event -> viewModel.toggleAppearance());

        Button signOut = Forms.button("signOut", "Sign out", MaterialDesignL.LOGOUT);
        signOut.getStyleClass().add(Styles.BUTTON_OUTLINED);
        signOut.disableProperty().bind(viewModel.busyProperty());
        signOut.setOnAction(event -> viewModel.signOut());

        Button about = new Button(null, new FontIcon(MaterialDesignI.INFORMATION_OUTLINE));
        about.setId("about");
        about.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        about.setTooltip(new Tooltip("About Bulwark"));
        about.setOnAction(event -> showAbout(about));

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(
                16, brand, new Separator(Orientation.VERTICAL), serverBox, gap, userBox, about, theme, signOut);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(10, 20, 10, 20));
        header.getStyleClass().add("shell-header");
        return header;
    }

    private void showAbout(Node owner) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, viewModel.about(), ButtonType.CLOSE);
        alert.initOwner(owner.getScene().getWindow());
        alert.setTitle("About Bulwark");
        alert.setHeaderText("Bulwark security administration console");
        alert.getDialogPane().setId("aboutDialog");
        alert.show();
    }

    /** A red bar under the header while the shell has a warning; its button opens the audit trail. */
    private HBox warningBanner() {
        Label text = new Label();
        text.setId("warningText");
        text.textProperty().bind(viewModel.warningProperty());
        text.setWrapText(true);
        text.setGraphic(new FontIcon(MaterialDesignS.SHIELD_ALERT));
        text.getStyleClass().add(Styles.DANGER);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        // Wraps within the window instead of widening it.
        text.setMinWidth(0);
        Button review = Forms.button("reviewWarning", "Open the audit trail", MaterialDesignS.SHIELD_SEARCH);
        review.getStyleClass().addAll(Styles.SMALL, Styles.DANGER);
        review.setOnAction(event -> viewModel.show(Page.AUDIT));
        HBox banner = new HBox(12, text, review);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setPadding(new Insets(8, 20, 8, 20));
        banner.setId("warningBanner");
        banner.getStyleClass().add("warning-banner");
        banner.visibleProperty().bind(viewModel.warningProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private static void showAppearance(Button button, Appearance appearance) {
        boolean dark = appearance == Appearance.DARK;
        button.setGraphic(new FontIcon(dark ? MaterialDesignW.WHITE_BALANCE_SUNNY : MaterialDesignW.WEATHER_NIGHT));
        button.setTooltip(new Tooltip(dark ? "Use the light theme" : "Use the dark theme"));
    }

    private VBox navigation() {
        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(
                4,
                navButton(group, "navDashboard", "Dashboard", MaterialDesignV.VIEW_DASHBOARD_OUTLINE, Page.DASHBOARD),
                permitted(
                        navButton(group, "navUsers", "Users", MaterialDesignA.ACCOUNT_MULTIPLE_OUTLINE, Page.USERS),
                        Module.USERS),
                permitted(
                        navButton(group, "navGroups", "Groups", MaterialDesignA.ACCOUNT_GROUP_OUTLINE, Page.GROUPS),
                        Module.GROUPS),
                permitted(
                        navButton(group, "navVault", "Vault", MaterialDesignS.SAFE_SQUARE_OUTLINE, Page.VAULT),
                        Module.VAULT),
                permitted(
                        navButton(group, "navAudit", "Audit trail", MaterialDesignS.SHIELD_SEARCH, Page.AUDIT),
                        Module.AUDIT),
                navButton(group, "navAccount", "My account", MaterialDesignA.ACCOUNT_CIRCLE_OUTLINE, Page.ACCOUNT),
                permitted(
                        navButton(group, "navSettings", "Settings", MaterialDesignC.COG_OUTLINE, Page.SETTINGS),
                        Module.SETTINGS));
        nav.setPadding(new Insets(16, 12, 16, 12));
        nav.setPrefWidth(210);
        nav.getStyleClass().add("shell-navigation");
        return nav;
    }

    /** Shows a navigation entry only while the signed-in user may read its module. */
    private Node permitted(Node entry, Module module) {
        entry.visibleProperty().bind(viewModel.mayRead(module));
        entry.managedProperty().bind(entry.visibleProperty());
        return entry;
    }

    private Node navButton(ToggleGroup group, String id, String text, Ikon icon, Page page) {
        ToggleButton button = new ToggleButton(text, new FontIcon(icon));
        button.setId(id);
        button.setToggleGroup(group);
        button.setMaxWidth(Double.MAX_VALUE);
        button.setAlignment(Pos.CENTER_LEFT);
        button.getStyleClass().addAll(Styles.FLAT, "nav-item");
        button.setSelected(viewModel.pageProperty().get() == page);
        viewModel.pageProperty().addListener((observable, old, now) -> button.setSelected(now == page));
        // A selected entry stays selected when clicked again: the navigation always shows where one is.
        button.setOnAction(event -> {
            button.setSelected(true);
            viewModel.show(page);
        });
        return button;
    }
}
