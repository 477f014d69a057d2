package dev.bulwark.desktop.vault;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Pages;
import javafx.scene.Parent;
import javafx.scene.control.Label;

/** The Vault page. */
public final class VaultView {
    private final Parent root;

    public VaultView() {
        Label text = new Label("The vault's entries are managed here.");
        text.getStyleClass().add(Styles.TEXT_MUTED);
        this.root = Pages.page("Vault", text);
        root.setId("vaultPage");
    }

    public Parent root() {
        return root;
    }
}
