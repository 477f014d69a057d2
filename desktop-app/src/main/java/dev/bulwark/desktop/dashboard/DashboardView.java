package dev.bulwark.desktop.dashboard;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Details;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The dashboard page. */
public final class DashboardView {
    private final Parent root;

    public DashboardView(DashboardViewModel viewModel) {
        Details server = new Details()
                .add("Version", "serverVersion", viewModel.versionProperty())
                .add("Mode", "serverMode", viewModel.modeProperty())
                .add("Data directory", "dataDirectory", viewModel.dataDirectoryProperty())
                .add("Database", "database", viewModel.databaseProperty())
                .add("Uptime", "uptime", viewModel.uptimeProperty())
                .add("Java", "javaVersion", viewModel.javaVersionProperty());
        Details user = new Details()
                .add("Email", "userEmail", viewModel.emailProperty())
                .add("Display name", "userDisplayName", viewModel.displayNameProperty())
                .add("Role", "userRole", viewModel.roleProperty())
                .add("Last sign-in", "lastSignIn", viewModel.lastSignInProperty());

        FlowPane cards = new FlowPane(
                20,
                20,
                Pages.card(MaterialDesignS.SERVER, "Server", server.grid()),
                Pages.card(MaterialDesignA.ACCOUNT_CIRCLE_OUTLINE, "Signed in as", user.grid()));

        Button refresh = Forms.button("refresh", "Refresh", MaterialDesignR.REFRESH);
        refresh.disableProperty().bind(viewModel.busyProperty());
        refresh.setOnAction(event -> viewModel.refresh());
        Label updated = Forms.sentence(viewModel.updatedAtProperty(), Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        updated.setId("updatedAt");

        VBox body = new VBox(
                16,
                Forms.problem(viewModel.problemProperty()),
                new ActivityCard(viewModel).root(),
                new FailedSignInsCard(viewModel).root(),
                new RecentEventsCard(viewModel).root(),
                new PostureCard(viewModel).root(),
                cards);
        this.root = Pages.page("Dashboard", body, updated, Forms.busyIndicator(viewModel.busyProperty()), refresh);
        root.setId("dashboardPage");
    }

    public Parent root() {
        return root;
    }
}
